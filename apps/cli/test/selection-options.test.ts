import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRunStore } from '@borderline/run-store';
import { describe, expect, it } from 'vitest';
import { policyOptionsOf } from '../src/drive/execute-run';
import { EXIT_USER } from '../src/exit-codes';
import { parseRunConfig } from '../src/session/run-config';
import { loadSimulatedPool } from '../src/session/simulated';
import { CONVABUSE_INIT, PAPER_PAIRS } from './fixtures';
import { cliIn, tempDir } from './helpers';
import { writeShardedPool } from './sharded-pool';

// init's --first-batch, --pair-scoring and --sides: stored in the run's configuration (boundary pairs' first
// batch and pair scoring always, the sides when not at the threshold), used by select, shown by status, and
// refused where they cannot apply.

const temp = tempDir('borderline-selection-options-');
const { call, ok } = cliIn(temp.dir);
const STRATA = ['--first-batch', 'score-strata', '--sides', 'first-batch-share'];

interface InitJson {
  readonly config: Record<string, unknown> & { readonly loop: Record<string, unknown> };
}

interface SelectJson {
  readonly iteration: number;
  readonly items: string[];
}

/** What a run holds of its first batch: each item's rank by the starting model's score, and the loop's sides. */
async function firstBatchRanks(
  runDir: string,
  ids: readonly string[],
): Promise<{ ranks: number[]; count: number; sides: unknown }> {
  const store = await openRunStore(runDir, { mode: 'read' });
  try {
    const count = await store.itemCount();
    const scores = await store.readPredictions(0, count);
    const indexOf = await store.indicesOf(ids);
    const byScore = Array.from({ length: count }, (_, index) => index).sort(
      (a, b) => scores[a]! - scores[b]! || a - b,
    );
    const rankOf = new Map(byScore.map((index, rank) => [index, rank]));
    const ranks = ids.map((id) => rankOf.get(indexOf.get(id)!)!).sort((a, b) => a - b);
    return { ranks, count, sides: (await store.readLoopState())?.config.sides };
  } finally {
    store.close();
  }
}

/** The review rows select wrote for iteration 1. */
function reviewRows(runDir: string): { item: string; reason?: string }[] {
  return readFileSync(join(runDir, 'review', 'iteration-1.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

describe('init --first-batch / --pair-scoring / --sides', () => {
  it('--help lists the three options with their choices', async () => {
    const help = (await ok(['init', '--help'])).stdout;
    expect(help).toMatch(/--first-batch .*\[choices: "pairs", "score-strata"\]/s);
    expect(help).toMatch(/--pair-scoring .*\[choices: "distance", "doubt"\]/s);
    expect(help).toMatch(/--sides .*\[choices: "threshold", "labelled-share", "first-batch-share"\]/s);
  });

  it("a default init records the loop's default selection, and status shows it", async () => {
    const result = await ok(['init', 'strata', ...CONVABUSE_INIT]);
    expect(result.stdout).toContain(
      'selection: first batch score-strata, pair scoring doubt, sides first-batch-share',
    );
    const made = JSON.parse((await ok(['status', 'strata', '--json'])).stdout) as { selection: unknown };
    expect(made.selection).toEqual({
      firstBatch: 'score-strata',
      pairScoring: 'doubt',
      sides: 'first-batch-share',
    });
    expect((await ok(['status', 'strata'])).stdout).toContain(
      'selection: first batch score-strata, pair scoring doubt, sides first-batch-share',
    );
    expect((await firstBatchRanks(join(temp.dir, 'strata'), [])).sides).toBe('first-batch-share');
    // Given at the defaults, the same configuration.
    const defaults = JSON.parse((await ok(['init', 'd1', ...CONVABUSE_INIT, '--json'])).stdout) as InitJson;
    const given = JSON.parse(
      (await ok(['init', 'd2', ...CONVABUSE_INIT, ...STRATA, '--pair-scoring', 'doubt', '--json'])).stdout,
    ) as InitJson;
    expect(defaults.config).toMatchObject({ firstBatch: 'score-strata', pairScoring: 'doubt' });
    expect(defaults.config.loop).toMatchObject({ sides: 'first-batch-share' });
    expect(given.config).toEqual({ ...defaults.config, dataset: given.config.dataset });
  });

  it("records the paper's pairs when asked; a pairs first batch draws the sides at the threshold", async () => {
    const made = JSON.parse(
      (await ok(['init', 'plain', ...CONVABUSE_INIT, ...PAPER_PAIRS, '--json'])).stdout,
    ) as InitJson;
    expect(made.config).toMatchObject({ firstBatch: 'pairs', pairScoring: 'distance' });
    expect(made.config.loop).not.toHaveProperty('sides');
    expect((await ok(['status', 'plain'])).stdout).toContain(
      'selection: first batch pairs, pair scoring distance, sides threshold',
    );
    const pairs = JSON.parse(
      (await ok(['init', 'pairs-only', ...CONVABUSE_INIT, '--first-batch', 'pairs', '--json'])).stdout,
    ) as InitJson;
    expect(pairs.config).toMatchObject({ firstBatch: 'pairs', pairScoring: 'doubt' });
    expect(pairs.config.loop).not.toHaveProperty('sides');
  });

  it('another policy records no boundary-pair choice, and status shows none', async () => {
    const made = JSON.parse(
      (await ok(['init', 'random', ...CONVABUSE_INIT, '--policy', 'random', '--json'])).stdout,
    ) as InitJson;
    expect(made.config).not.toHaveProperty('firstBatch');
    expect(made.config).not.toHaveProperty('pairScoring');
    expect(made.config.loop).not.toHaveProperty('sides');
    const status = JSON.parse((await ok(['status', 'random', '--json'])).stdout) as Record<string, unknown>;
    expect(status).not.toHaveProperty('selection');
    expect((await ok(['status', 'random'])).stdout).not.toContain('selection:');
  });

  it("select draws the first batch from the starting model's score strata, not as boundary pairs", async () => {
    await ok(['prelabel', 'plain', '--quiet']);
    await ok(['prelabel', 'strata', '--quiet']);
    const plain = JSON.parse((await ok(['select', 'plain', '--json'])).stdout) as SelectJson;
    const strataResult = await ok(['select', 'strata']);
    expect(strataResult.stderr).toContain('selected 60 item(s) with boundary-pairs (score-strata 60)');
    expect(strataResult.stderr).not.toContain('warning');
    const rows = reviewRows(join(temp.dir, 'strata'));
    const items = rows.map((row) => row.item);
    expect(items).toHaveLength(60);
    expect(new Set(items).size).toBe(60);
    expect(items).not.toEqual(plain.items);
    for (const row of rows) expect(row.reason).toMatch(/^score-strata rank \d+/);
    expect(
      reviewRows(join(temp.dir, 'plain')).some((row) => row.reason?.startsWith('boundary pair with')),
    ).toBe(true);
    // One item from each of the 60 equal strata of the pool ranked by score.
    const { ranks, count } = await firstBatchRanks(join(temp.dir, 'strata'), items);
    const strata = ranks.map((rank) => {
      let stratum = Math.floor((rank * 60) / count);
      while (Math.floor(((stratum + 1) * count) / 60) <= rank) stratum++;
      while (Math.floor((stratum * count) / 60) > rank) stratum--;
      return stratum;
    });
    expect(strata).toEqual(Array.from({ length: 60 }, (_, stratum) => stratum));
  });
});

describe('--pair-scoring doubt', () => {
  it('ranks the first batch of boundary pairs otherwise than by distance alone', async () => {
    await ok(['init', 'doubt', ...CONVABUSE_INIT, '--first-batch', 'pairs', '--quiet']);
    await ok(['prelabel', 'doubt', '--quiet']);
    const doubt = JSON.parse((await ok(['select', 'doubt', '--json'])).stdout) as SelectJson;
    const plain = reviewRows(join(temp.dir, 'plain')).map((row) => row.item);
    expect(doubt.items).toHaveLength(plain.length);
    expect(doubt.items).not.toEqual(plain);
    expect(
      reviewRows(join(temp.dir, 'doubt')).some((row) => row.reason?.startsWith('boundary pair with')),
    ).toBe(true);
  });

  it('measures doubt from the loop threshold, and only when asked', () => {
    const config = parseRunConfig({
      format: 'borderline.run-config',
      version: 2,
      dataset: { name: 'd', dir: '/d', task: 't', labels: ['no', 'yes'], positive: 'yes', items: 10 },
      runner: 'local',
      model: 'small',
      policy: 'boundary-pairs',
      fallback: 'none',
      loop: { batchSize: 4, fineTuneShare: 0.5, seed: 1, stop: { maxIterations: 2 } },
    });
    // A run made before init recorded the choices selects as it always did.
    expect(policyOptionsOf(config, 0.5)).toEqual({ firstBatch: 'pairs', pairScoring: 'distance' });
    expect(policyOptionsOf({ ...config, fallback: 'random', pairScoring: 'doubt' }, 0.4)).toEqual({
      fallback: 'random',
      firstBatch: 'pairs',
      pairScoring: 'doubt',
      doubtThreshold: 0.4,
    });
    expect(policyOptionsOf({ ...config, firstBatch: 'score-strata', pairScoring: 'distance' }, 0.5)).toEqual({
      firstBatch: 'score-strata',
      pairScoring: 'distance',
    });
    expect(policyOptionsOf({ ...config, policy: 'random', fallback: 'random' }, 0.5)).toEqual({
      fallback: 'random',
    });
  });
});

describe('init refuses what the options cannot do, exit 1 and no run', () => {
  async function refused(name: string, options: readonly string[], ...named: string[]): Promise<void> {
    const result = await call(['init', name, '--dataset', 'sim:lower', '--limit', '50', ...options]);
    expect(result.code, result.stderr).toBe(EXIT_USER);
    for (const text of named) expect(result.stderr).toContain(text);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(temp.dir, name))).toBe(false);
  }

  it('--sides first-batch-share without --first-batch score-strata', async () => {
    await refused(
      'pairs-first',
      ['--sides', 'first-batch-share', '--first-batch', 'pairs'],
      '--sides',
      'drawn across the pool',
    );
    await refused(
      'uncertainty-first',
      ['--sides', 'first-batch-share', '--policy', 'uncertainty'],
      '--sides',
      '--first-batch score-strata',
    );
  });

  it('--first-batch or --pair-scoring with a policy other than boundary pairs, even at the default', async () => {
    await refused(
      'strata-random',
      ['--policy', 'random', '--first-batch', 'score-strata', '--pair-scoring', 'doubt'],
      '--first-batch score-strata and --pair-scoring doubt: only apply to boundary pairs',
      '--policy random',
    );
    await refused(
      'doubt-margin',
      ['--policy', 'margin', '--pair-scoring', 'distance'],
      '--pair-scoring distance: only applies to boundary pairs',
    );
  });

  it('values outside the choices, naming the option', async () => {
    await refused('bad-first', ['--first-batch', 'strata'], 'first-batch', 'Invalid values');
    await refused('bad-scoring', ['--pair-scoring', 'far'], 'pair-scoring', 'Invalid values');
    await refused('bad-sides', ['--sides', 'share'], 'sides', 'Invalid values');
  });

  it('--sides first-batch-share with --policy random: random never reads the sides', async () => {
    await refused(
      'random-share',
      ['--batch-size', '10', '--policy', 'random', '--sides', 'first-batch-share'],
      '--sides',
      '--policy boundary-pairs --first-batch score-strata',
    );
  });
});

describe('on a sharded pool', () => {
  it('the streaming selection takes the options too: a score-strata first batch over the shards', async () => {
    const dir = join(temp.dir, 'sharded-data');
    await writeShardedPool(dir, loadSimulatedPool({ task: 'lower' }, { seed: 1, size: 1200 }), [
      '000.jsonl',
      '001.jsonl',
    ]);
    const local = ['--executor', 'local', '--processes', '0'];
    const init = ['--embedder', 'glove', '--model', 'small', '--batch-size', '40'];
    await ok(['init', 'sharded', '--dataset', dir, ...init, ...STRATA, '--pair-scoring', 'doubt', '--quiet']);
    await ok(['prelabel', 'sharded', ...local, '--quiet']);
    const selected = await ok(['select', 'sharded', ...local]);
    expect(selected.stderr).toContain('selected 40 item(s) with boundary-pairs (score-strata 40)');
    const rows = reviewRows(join(temp.dir, 'sharded'));
    expect(rows).toHaveLength(40);
    for (const row of rows) expect(row.reason).toMatch(/^score-strata rank \d+/);
    const status = JSON.parse((await ok(['status', 'sharded', '--json'])).stdout) as { selection: unknown };
    expect(status.selection).toEqual({
      firstBatch: 'score-strata',
      pairScoring: 'doubt',
      sides: 'first-batch-share',
    });
    const refused = await call([
      'init',
      'sharded-bad',
      '--dataset',
      dir,
      ...init,
      '--sides',
      'first-batch-share',
      '--first-batch',
      'pairs',
    ]);
    expect(refused.code, refused.stderr).toBe(EXIT_USER);
    expect(refused.stderr).toContain('--sides');
    expect(existsSync(join(temp.dir, 'sharded-bad'))).toBe(false);
  });
});
