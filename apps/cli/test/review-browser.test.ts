import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAPER_PAIRS } from './fixtures';
import { cli, tempDir, testEnv } from './helpers';
import { exportedExpertLabels, makeReviewRun, SCRIPT_TEXT, writeAdsDataset } from './review-run';
import { type SpawnedCli, spawnCli } from './spawn-cli';

// `borderline review` in a real browser: Debian's Chromium driven by playwright-core (no browser download).
// The server is the CLI as a child process, so a SIGKILL hits a real process holding the run's lock.
const CHROMIUM = process.env.BORDERLINE_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const TITLE = HAVE_CHROMIUM
  ? 'borderline review in Chromium'
  : `borderline review in Chromium: SKIPPED, no chromium at ${CHROMIUM} (apt-get install chromium, or set BORDERLINE_CHROMIUM)`;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const temp = tempDir('borderline-review-browser-');
// Screenshots (1280x800) and the timing trace go here when set; otherwise into the test's temp dir. temp.dir is
// read in the hooks and tests only: without Chromium (all skipped) no folder is made.
let shots = '';
const env = testEnv();
let browser: Browser;

/** A review server started from source, with its stdout kept. */
interface Served {
  readonly spawned: SpawnedCli;
  readonly url: string;
  readonly port: number;
  stdout(): string;
}

/** Every server started, so a failed test leaves none running (afterAll kills what is still alive). */
const started: SpawnedCli[] = [];

async function serve(run: string, extra: readonly string[] = [], port = 0): Promise<Served> {
  const spawned = spawnCli(['review', run, '--port', String(port), ...extra], { cwd: temp.dir, env });
  started.push(spawned);
  let stdout = '';
  spawned.child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  await spawned.waitFor(/serving http:\/\/\S+/);
  const url = /serving (http:\/\/\S+)/.exec(stdout)?.[1] ?? '';
  return { spawned, url, port: Number(new URL(url).port), stdout: () => stdout };
}

async function stop(served: Served, signal: NodeJS.Signals = 'SIGTERM') {
  served.spawned.child.kill(signal);
  return served.spawned.exited;
}

async function openAs(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** Waits until the page's status line starts with `prefix`. */
const statusStarts = (page: Page, prefix: string) =>
  page.locator('#status', { hasText: new RegExp(`^${prefix}`) }).waitFor();
const myCount = async (page: Page) => Number.parseInt((await page.textContent('#my-progress')) ?? '0', 10);
const unitItems = (page: Page) =>
  page.$$eval('#unit [data-item-id]', (cards) =>
    cards.map((card) => card.getAttribute('data-item-id') ?? ''),
  );

/** Labels the page's current unit with the keyboard only; resolves to what was confirmed as saved. */
async function labelUnit(page: Page, labelOf: (item: string) => 0 | 1): Promise<[string, number][]> {
  const before = await myCount(page);
  const items = await unitItems(page);
  for (const item of items) await page.keyboard.press(String(labelOf(item) + 1));
  await page.keyboard.press('Enter');
  await page.locator('#my-progress', { hasText: new RegExp(`^${before + items.length} /`) }).waitFor();
  return items.map((item) => [item, labelOf(item)]);
}

const number = (item: string) => Number.parseInt(item.replace(/\D/g, ''), 10);
const anaLabel = (item: string): 0 | 1 => (number(item) % 3 === 0 ? 1 : 0);
const benLabel = (item: string): 0 | 1 => (number(item) % 4 === 0 ? 1 : 0);
const NAMES = ['benign', 'clickbait'] as const;

beforeAll(async () => {
  shots = process.env.BORDERLINE_REVIEW_SHOTS ?? join(temp.dir, 'shots');
  mkdirSync(shots, { recursive: true });
  if (HAVE_CHROMIUM) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  for (const spawned of started) {
    if (spawned.child.exitCode === null && spawned.child.signalCode === null) spawned.child.kill('SIGKILL');
  }
});

describe.skipIf(!HAVE_CHROMIUM)(TITLE, () => {
  let pairsRun = '';
  beforeAll(() => {
    pairsRun = join(temp.dir, 'pairs');
  });

  it('two experts label pairs by keyboard; an undo, a SIGKILL and a restart lose no confirmed label', async () => {
    const dataset = writeAdsDataset(join(temp.dir, 'ads-24'), 24);
    await makeReviewRun(temp.dir, pairsRun, [
      '--dataset',
      dataset,
      '--batch-size',
      '12',
      '--experts-per-item',
      '2',
      ...PAPER_PAIRS,
    ]);
    let served = await serve(pairsRun);
    const viewport = { width: 1280, height: 800 };
    const [anaContext, benContext] = [
      await browser.newContext({ viewport }),
      await browser.newContext({ viewport }),
    ];
    const ana = await openAs(anaContext, `${served.url}?expert=ana`);
    const ben = await openAs(benContext, `${served.url}?expert=ben`);
    expect(await ana.$$eval('#unit .card', (cards) => cards.length)).toBe(2); // a pair, side by side
    expect(await ana.textContent('#task')).toContain('Is this ad clickbait');
    expect(await ana.textContent('#guidelines')).toContain('Clickbait teases');
    expect(await ana.$$('.provenance')).toHaveLength(0); // hidden until asked for
    await ana.screenshot({ path: join(shots, 'review-pair-ana.png') });

    const confirmed = new Map<string, string>();
    const keep = (expert: string, saved: [string, number][]) => {
      for (const [item, label] of saved) confirmed.set(`${expert}|${item}`, NAMES[label as 0 | 1]);
    };
    keep('ana', await labelUnit(ana, anaLabel));
    keep('ben', await labelUnit(ben, benLabel));
    keep('ana', await labelUnit(ana, anaLabel));
    const last = await labelUnit(ana, anaLabel);
    keep('ana', last);
    keep('ben', await labelUnit(ben, benLabel));

    // Backspace takes back ana's last decision: it leaves the ledger.
    await ana.keyboard.press('Backspace');
    await statusStarts(ana, 'undone:');
    const undone = last.at(-1)?.[0] ?? '';
    expect(await ana.textContent('#status')).toContain(undone);
    confirmed.delete(`ana|${undone}`);
    await ana.screenshot({ path: join(shots, 'review-after-undo.png') });

    // Killed mid-batch: the ledger holds exactly the confirmed labels.
    expect((await stop(served, 'SIGKILL')).signal).toBe('SIGKILL');
    expect(await exportedExpertLabels(temp.dir, pairsRun)).toEqual(confirmed);

    // A decision while the server is down is not confirmed, and not lost from the page either.
    await ana.keyboard.press(String(anaLabel(undone) + 1));
    await ana.keyboard.press('Enter');
    await statusStarts(ana, 'not saved');
    await ana.screenshot({ path: join(shots, 'review-server-down.png') });

    served = await serve(pairsRun, [], served.port);
    await ana.keyboard.press('Enter'); // the same choice, sent again
    await statusStarts(ana, 'saved:');
    confirmed.set(`ana|${undone}`, NAMES[anaLabel(undone)]);

    // Both finish the batch with the keyboard alone.
    for (const [expert, page, labelOf] of [
      ['ana', ana, anaLabel],
      ['ben', ben, benLabel],
    ] as const) {
      while ((await myCount(page)) < 12) keep(expert, await labelUnit(page, labelOf));
    }
    await ben.waitForSelector('#agreement');
    expect(await ben.textContent('#agreement')).toMatch(/ana\s*ben\s*12/);
    await ben.screenshot({ path: join(shots, 'review-batch-complete.png') });
    await ana.waitForSelector('#agreement', { timeout: 10_000 });
    expect(served.stdout()).toContain(`batch complete: run \`borderline step ${pairsRun}\``);
    await stop(served);
    expect(await exportedExpertLabels(temp.dir, pairsRun)).toEqual(confirmed);
    expect(confirmed.size).toBe(24);
    await anaContext.close();
    await benContext.close();
  });

  it('on a non-local bind, refuses every request without its expert token', async () => {
    const refused = await cli(['review', pairsRun, '--host', '0.0.0.0', '--port', '0'], {
      cwd: temp.dir,
      env,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr, refused.stderr).toMatch(/needs per-expert tokens/);

    const served = await serve(pairsRun, ['--host', '0.0.0.0', '--expert', 'cy']);
    try {
      const link = /cy: (http:\S+)/.exec(served.stdout())?.[1] ?? '';
      const token = new URLSearchParams(new URL(link).hash.slice(1)).get('token') ?? '';
      expect(token.length).toBeGreaterThanOrEqual(32);
      const base = `http://127.0.0.1:${served.port}`;
      expect(await (await fetch(`${base}/`)).text()).not.toContain('ad-00'); // the page itself carries no data
      const decide = (headers: Record<string, string>) =>
        fetch(`${base}/api/decide`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify({ expert: 'cy', item: 'ad-0000', label: 'benign' }),
        });
      expect((await decide({})).status).toBe(401);
      expect((await decide({ Authorization: 'Bearer not-the-token-of-cy-at-all' })).status).toBe(401);
      expect((await fetch(`${base}/api/batch?expert=cy`)).status).toBe(401);
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await openAs(context, link.replace('0.0.0.0', '127.0.0.1'));
      expect(page.url()).not.toContain('token='); // taken off the address bar
      await labelUnit(page, anaLabel);
      await context.close();
    } finally {
      await stop(served);
    }
    const ledger = await exportedExpertLabels(temp.dir, pairsRun);
    expect([...ledger.keys()].filter((key) => key.startsWith('cy|'))).toHaveLength(2);
  });

  it('shows an item containing <script> as text and runs nothing; one expert completes by keyboard', async () => {
    const dataset = writeAdsDataset(join(temp.dir, 'ads-script'), 8, [SCRIPT_TEXT]);
    const run = join(temp.dir, 'script');
    await makeReviewRun(temp.dir, run, ['--dataset', dataset, '--batch-size', '8', '--policy', 'random']);
    const served = await serve(run);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await openAs(context, `${served.url}?expert=dee`);
      await page.keyboard.press('?');
      await page.waitForSelector('#keys');
      await page.screenshot({ path: join(shots, 'review-keys.png') });
      await page.keyboard.press('Escape');
      for (let step = 0; step < 8 && !(await unitItems(page)).includes('ad-0000'); step++) {
        await page.keyboard.press('ArrowRight');
      }
      const shown = await page.$eval('[data-item-id="ad-0000"] .item-text', (node) => ({
        text: node.textContent,
        elements: node.childElementCount,
      }));
      expect(shown).toEqual({ text: SCRIPT_TEXT, elements: 0 });
      expect(await page.evaluate(() => typeof (globalThis as Record<string, unknown>).__reviewPwned)).toBe(
        'undefined',
      );
      expect(await page.$$('img')).toHaveLength(0);
      await page.keyboard.press('p');
      expect(await page.textContent('[data-item-id="ad-0000"] .provenance')).toContain('random');
      await page.screenshot({ path: join(shots, 'review-script-item.png') });
      await page.keyboard.press('p');
      while ((await myCount(page)) < 8) await labelUnit(page, anaLabel);
      await page.waitForSelector('#agreement');
      expect(await page.textContent('#agreement')).toContain('Only one expert');
      expect(served.stdout()).toContain('batch complete: run `borderline step');
    } finally {
      await context.close();
      await stop(served);
    }
  });

  it('serves a 1,000-item batch (first paint and per-decision times go to the trace, not asserted)', async () => {
    const dataset = writeAdsDataset(join(temp.dir, 'ads-1000'), 1000);
    const run = join(temp.dir, 'thousand');
    await makeReviewRun(temp.dir, run, ['--dataset', dataset, '--batch-size', '1000', '--policy', 'random']);
    const served = await serve(run);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await openAs(context, `${served.url}?expert=eve`);
      const decisions = 40;
      for (let index = 0; index < decisions; index++) await labelUnit(page, anaLabel);
      // The browser's performance API: paint entries, the page's ready mark, one measure per decision.
      const trace = await page.evaluate(() => ({
        paint: Object.fromEntries(
          performance.getEntriesByType('paint' as never).map((entry) => [entry.name, entry.startTime]),
        ) as Record<string, number>,
        ready: performance.getEntriesByName('review:ready')[0]?.startTime ?? null,
        navigation: performance.getEntriesByType('navigation' as never)[0]?.toJSON() as Record<
          string,
          number
        >,
        batchRequest: performance
          .getEntriesByType('resource' as never)
          .find((entry) => entry.name.includes('/api/batch'))
          ?.toJSON() as { responseEnd: number; startTime: number; encodedBodySize: number } | undefined,
        times: performance.getEntriesByName('review:decision').map((entry) => entry.duration),
      }));
      // The same page loaded again in the same browser context (its renderer process already running).
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      const warm = await page.evaluate(() => ({
        paint: performance.getEntriesByType('paint' as never)[0]?.startTime ?? null,
        ready: performance.getEntriesByName('review:ready')[0]?.startTime ?? null,
      }));
      const sorted = [...trace.times].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null;
      const summary = {
        items: 1000,
        firstPaintMs: trace.paint['first-paint'] ?? null,
        firstContentfulPaintMs: trace.paint['first-contentful-paint'] ?? null,
        readyMs: trace.ready,
        htmlResponseEndMs: trace.navigation?.responseEnd ?? null,
        domContentLoadedMs: trace.navigation?.domContentLoadedEventEnd ?? null,
        batchJsonBytes: trace.batchRequest?.encodedBodySize ?? null,
        batchJsonMs:
          trace.batchRequest === undefined
            ? null
            : trace.batchRequest.responseEnd - trace.batchRequest.startTime,
        reloadFirstPaintMs: warm.paint,
        reloadReadyMs: warm.ready,
        decisions: trace.times.length,
        decisionMedianMs: at(0.5),
        decisionP95Ms: at(0.95),
        decisionMaxMs: sorted.at(-1) ?? null,
      };
      writeFileSync(
        join(shots, 'review-timings.json'),
        `${JSON.stringify({ ...summary, times: trace.times }, null, 2)}\n`,
      );
      console.log(`review timings (1,000-item batch): ${JSON.stringify(summary)}`);
      await page.screenshot({ path: join(shots, 'review-1000.png') });
      expect(trace.times).toHaveLength(decisions);
    } finally {
      await context.close();
      await stop(served);
    }
    expect((await exportedExpertLabels(temp.dir, run)).size).toBe(40);
  });
});

describe.skipIf(!HAVE_CHROMIUM)(`${TITLE}: --auto-step`, () => {
  it('steps the loop when the batch is complete and serves the next batch to the same page', async () => {
    const dataset = writeAdsDataset(join(temp.dir, 'ads-auto'), 30);
    const run = join(temp.dir, 'auto');
    await makeReviewRun(temp.dir, run, ['--dataset', dataset, '--batch-size', '6', '--policy', 'random']);
    const served = await serve(run, ['--auto-step']);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await openAs(context, `${served.url}?expert=fay`);
      expect(await page.textContent('header')).toContain('iteration 1');
      while ((await myCount(page)) < 6) await labelUnit(page, anaLabel);
      await served.spawned.waitFor(/review: iteration 2, 6 item\(s\)/);
      await page.locator('header', { hasText: 'iteration 2' }).waitFor({ timeout: 30_000 });
      expect(await myCount(page)).toBe(0);
      await page.screenshot({ path: join(shots, 'review-auto-step-iteration-2.png') });
      await labelUnit(page, anaLabel);
    } finally {
      await context.close();
      await stop(served);
    }
    const ledger = await exportedExpertLabels(temp.dir, run);
    expect(ledger.size).toBe(7);
  });
});
