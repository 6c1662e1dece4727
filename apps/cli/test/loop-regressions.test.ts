import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRunStore } from '@borderline/run-store';
import { POLICY_NAMES } from '@borderline/sampling';
import { describe, expect, it } from 'vitest';
import { convabuseLabels, PAPER_PAIRS } from './fixtures';
import { cli, cliIn, recordedLabelsFor, tempDir, testEnv } from './helpers';

// Regressions of the loop seen from the CLI (issues 11 and 14): each failed before its fix.
const temp = tempDir('borderline-loop-');
const env = testEnv();

const { ok } = cliIn(temp.dir, env);

interface Status {
  readonly phase: string;
  readonly maxIterations: number;
  readonly iterations: readonly { readonly iteration: number }[];
  readonly stop: { readonly reason: string; readonly detail: string } | null;
}

const status = async (run: string) => JSON.parse((await ok(['status', run, '--json'])).stdout) as Status;
/** A run that stops at its cap after one iteration (the --max-iterations extension tests). */
const CAPPED_INIT = [
  '--dataset',
  'convabuse',
  '--embedder',
  'glove',
  '--limit',
  '400',
  '--batch-size',
  '30',
  '--max-iterations',
  '1',
];

describe('the loop through the CLI', () => {
  it('init accepts every policy --help offers (regression: init --policy stratified was refused with "policy: Invalid option")', async () => {
    const help = await ok(['init', '--help']);
    for (const policy of POLICY_NAMES) {
      expect(help.stdout).toContain(`"${policy}"`);
      await ok([
        'init',
        `p-${policy}`,
        '--dataset',
        'convabuse',
        '--embedder',
        'glove',
        '--limit',
        '40',
        '--policy',
        policy,
        '--quiet',
      ]);
    }
  });

  it("names the fallback policy in a fallback-filled review row's reason (regression: it said 'boundary-pairs rank N')", async () => {
    await ok([
      'init',
      'short',
      '--dataset',
      'convabuse',
      '--embedder',
      'glove',
      '--limit',
      '60',
      '--batch-size',
      '50',
      ...PAPER_PAIRS,
      '--quiet',
    ]);
    await ok(['prelabel', 'short', '--quiet']);
    await ok(['select', 'short', '--quiet']);
    const rows = readFileSync(join(temp.dir, 'short', 'review', 'iteration-1.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { reason: string });
    const filled = rows.filter((row) => !row.reason.startsWith('boundary pair with'));
    expect(filled.length).toBeGreaterThan(0);
    for (const row of filled)
      expect(row.reason).toMatch(/^uncertainty rank \d+ \(fallback for boundary-pairs\)$/);
  });

  it('run --max-iterations extends a run stopped at its cap (regression: it exited 0 and did nothing)', async () => {
    await ok(['init', 'capped', ...CAPPED_INIT, '--quiet']);
    await ok(['run', 'capped', '--annotators', 'recorded', '--quiet']);
    const stopped = await status('capped');
    expect(stopped.stop?.reason).toBe('max-iterations');
    expect(stopped.iterations.map((row) => row.iteration)).toEqual([0, 1]);
    await ok(['run', 'capped', '--annotators', 'recorded', '--max-iterations', '2', '--quiet']);
    const extended = await status('capped');
    expect(extended.maxIterations).toBe(2);
    expect(extended.iterations.map((row) => row.iteration)).toEqual([0, 1, 2]);
    // The same as a run that had the larger cap from the start.
    await ok(['init', 'direct', ...CAPPED_INIT.slice(0, -1), '2', '--quiet']);
    await ok(['run', 'direct', '--annotators', 'recorded', '--quiet']);
    const direct = await status('direct');
    expect(extended.iterations).toEqual(direct.iterations);
    expect(extended.stop).toEqual(direct.stop);
  });

  it('select --max-iterations extends a run stopped at its cap, step by step with imported labels', async () => {
    await ok(['init', 'steps', ...CAPPED_INIT, '--quiet']);
    await ok(['prelabel', 'steps', '--quiet']);
    const importBatch = async (iteration: number) => {
      const selected = JSON.parse((await ok(['select', 'steps', '--json'])).stdout) as { items: string[] };
      const file = join(temp.dir, `steps-${iteration}.jsonl`);
      recordedLabelsFor(convabuseLabels(), new Set(selected.items), file);
      await ok(['import', 'steps', file, '--quiet']);
      await ok(['step', 'steps', '--quiet', '--allow-missing']);
    };
    await importBatch(1);
    expect((await status('steps')).stop?.reason).toBe('max-iterations');
    const refused = await cli(['select', 'steps'], { cwd: temp.dir, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the run has stopped');
    const extended = JSON.parse(
      (await ok(['select', 'steps', '--max-iterations', '2', '--json'])).stdout,
    ) as {
      iteration: number;
      items: string[];
    };
    expect(extended.iteration).toBe(2);
    expect(extended.items).toHaveLength(30);
    const file = join(temp.dir, 'steps-2.jsonl');
    recordedLabelsFor(convabuseLabels(), new Set(extended.items), file);
    await ok(['import', 'steps', file, '--quiet']);
    await ok(['step', 'steps', '--quiet', '--allow-missing']);
    const after = await status('steps');
    expect(after.iterations.map((row) => row.iteration)).toEqual([0, 1, 2]);
    expect(after.stop?.reason).toBe('max-iterations');
  });

  it("holds the replay's minimum-evaluation rule (regression: a run stopped on 'model kappa 0.000 >= internal alignment 0.000' measured on 3 items)", async () => {
    await ok(['init', 'rule', '--dataset', 'convabuse', '--embedder', 'glove', '--limit', '40', '--quiet']);
    const store = await openRunStore(join(temp.dir, 'rule'), { mode: 'read' });
    try {
      expect((await store.readLoopState())?.config.stop.minEvaluationPerClass).toBe(10);
    } finally {
      store.close();
    }
  });
});
