import { join } from 'node:path';
import { openRunStore } from '@borderline/run-store';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONVABUSE_INIT, convabuseLabels } from './fixtures';
import { cliIn, recordedLabelsFor, tempDir, testEnv, withoutTimings } from './helpers';
import { killDuring } from './spawn-cli';

// Reliability: a command killed with SIGKILL at any point, then run again, ends where an uninterrupted run
// ends. Small chunks make the killed commands commit often, so the kill lands mid-work.
const INIT = [...CONVABUSE_INIT, '--max-iterations', '3'];
const temp = tempDir('borderline-kill-');
const env = testEnv();
let reference: unknown;

const { ok } = cliIn(temp.dir, env);

async function finalStatus(run: string): Promise<unknown> {
  await ok(['run', run, '--annotators', 'recorded', '--quiet']);
  return withoutTimings((await ok(['status', run, '--json'])).stdout);
}

/** Every (item, annotator, role) of the ledger appears once, and the ledger's sequence has no gap. */
async function expectLedgerOnce(run: string): Promise<number> {
  const store = await openRunStore(run, { mode: 'read' });
  try {
    const ledger = await store.readLabels();
    const keys = new Set(ledger.map((entry) => `${entry.item}|${entry.annotator}|${entry.role}`));
    expect(keys.size).toBe(ledger.length);
    expect(ledger.map((entry) => entry.seq)).toEqual(ledger.map((_, index) => index + 1));
    return ledger.length;
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  const run = join(temp.dir, 'reference');
  await ok(['init', run, ...INIT]);
  reference = await finalStatus(run);
});

describe('kill -9, then the same command again', () => {
  it('during prelabel: resumes from the last committed chunk and ends as an uninterrupted run', async () => {
    const run = join(temp.dir, 'prelabel');
    await ok(['init', run, ...INIT]);
    const killed = await killDuring(['prelabel', run, '--chunk-size', '10'], /prelabel: \d+\/1500/, {
      cwd: temp.dir,
      env,
    });
    expect(killed.signal).toBe('SIGKILL');
    const store = await openRunStore(run, { mode: 'read' });
    const scored = await store.predictedCount(0);
    store.close();
    expect(scored).toBeGreaterThan(0);
    expect(scored).toBeLessThan(1500);
    const resumed = await ok(['prelabel', run, '--chunk-size', '10']);
    expect(resumed.stderr).toContain(`prelabel: ${scored + 10}/1500`);
    expect(await finalStatus(run)).toEqual(reference);
    await expectLedgerOnce(run);
  });

  it('during step: nothing of the step is kept, and the step runs again to the same result', async () => {
    const run = join(temp.dir, 'step');
    await ok(['init', run, ...INIT]);
    await ok(['prelabel', run, '--quiet']);
    const selected = JSON.parse((await ok(['select', run, '--json'])).stdout) as { items: string[] };
    const file = join(temp.dir, 'step-labels.jsonl');
    recordedLabelsFor(convabuseLabels(), new Set(selected.items), file);
    await ok(['import', run, file]);
    const before = (await ok(['status', run, '--json'])).stdout;
    const killed = await killDuring(['step', run, '--chunk-size', '10'], /training: \d+/, {
      cwd: temp.dir,
      env,
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(withoutTimings((await ok(['status', run, '--json'])).stdout)).toEqual(withoutTimings(before));
    await ok(['step', run, '--quiet']);
    expect(await finalStatus(run)).toEqual(reference);
    await expectLedgerOnce(run);
  });

  it('during run: resumes where it was; the ledger holds every label exactly once', async () => {
    const run = join(temp.dir, 'run');
    await ok(['init', run, ...INIT]);
    const killed = await killDuring(
      ['run', run, '--annotators', 'recorded', '--chunk-size', '10'],
      /iteration 2: model version 1\n[\s\S]*training: \d+/,
      { cwd: temp.dir, env },
    );
    expect(killed.signal).toBe('SIGKILL');
    const partial = JSON.parse((await ok(['status', run, '--json'])).stdout) as { phase: string };
    expect(partial.phase).not.toBe('done');
    expect(await finalStatus(run)).toEqual(reference);
    const labels = await expectLedgerOnce(run);
    expect(labels).toBe((reference as { ledger: { labels: number } }).ledger.labels);
  });
});

describe('the run lock', () => {
  it('refuses a second process writing the same run with "run is locked" (exit 1)', async () => {
    const run = join(temp.dir, 'locked');
    await ok(['init', run, ...INIT]);
    const store = await openRunStore(run);
    try {
      const { spawnCli } = await import('./spawn-cli');
      const second = await spawnCli(['prelabel', run], { cwd: temp.dir, env }).exited;
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('run is locked');
    } finally {
      store.close();
    }
  });
});
