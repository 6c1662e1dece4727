import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapturedRun, cleanUp, runCaptured, withoutTimings } from './test-helpers';

// Two seeds on a small pool: every seed's rows are those of a single-seed replay of that seed, and the summary
// pairs them.
const POOL_SIZE = 4000;

describe('several seeds (integration)', () => {
  let both: CapturedRun;
  let alone: CapturedRun;

  beforeAll(async () => {
    both = await runCaptured({ seeds: [2, 3], poolSize: POOL_SIZE, quiet: true });
    alone = await runCaptured({ seed: 3, poolSize: POOL_SIZE, quiet: true });
  }, 300_000);
  afterAll(async () => {
    await cleanUp(both);
    await cleanUp(alone);
  });

  it("keeps each seed's rows, tagged with their seed, as a single-seed replay gives them", () => {
    const { report } = both;
    expect(report.seeds).toEqual([2, 3]);
    expect(report.tasks.map((task) => `${task.seed}/${task.task}`)).toEqual([
      '2/lower',
      '2/higher',
      '3/lower',
      '3/higher',
    ]);
    const untagged = report.conditions.filter((row) => row.seed === 3).map(({ seed: _seed, ...row }) => row);
    expect(untagged).toEqual(alone.report.conditions);
  });

  it('summarises every figure over the seeds and pairs curated with the crowd baseline per seed', () => {
    const summary = both.report.summary!;
    expect(summary.seeds).toEqual([2, 3]);
    expect(summary.interval).toBe('t95-over-seeds');
    expect(summary.paired.map((entry) => `${entry.task}/${entry.model}/${entry.baseline}`)).toEqual([
      'lower/large/crowd-baseline',
      'lower/small/crowd-baseline',
      'higher/large/crowd-baseline',
      'higher/small/crowd-baseline',
    ]);
    for (const entry of summary.paired) {
      const difference = (seed: number) => {
        const row = (condition: string) =>
          both.report.conditions.find(
            (c) =>
              c.seed === seed &&
              c.task === entry.task &&
              c.model === entry.model &&
              c.condition === condition,
          )!;
        return row('curated').kappaModelExpert - row('crowd-baseline').kappaModelExpert;
      };
      expect(entry.evaluation.values[0]).toBeCloseTo(difference(2), 4);
      expect(entry.evaluation.values[1]).toBeCloseTo(difference(3), 4);
      expect(entry.evaluation.n).toBe(2);
      expect(entry.evaluation.ci95).not.toBeNull();
    }
    expect(summary.curves).toHaveLength(4);
    for (const curve of summary.curves) expect(curve.area.n).toBe(2);
    expect(both.report.findings).toHaveLength(4);
    for (const finding of both.report.findings!) expect(finding).toContain('over 2 seeds');
  });

  it('leads the table with the paired differences and says how many seeds', () => {
    const lines = both.output.split('\n');
    expect(lines[0]).toContain('2 seeds (2-3)');
    expect(lines[1]).toBe(
      'method: boundary pairs with the score-strata first batch, pair scoring doubt, sides first-batch-share, sampled clustering; embedder glove, prior none; policies boundary-pairs',
    );
    expect(lines[3]).toBe('curated - baseline, paired by seed');
    expect(JSON.parse(both.json).method).toEqual({
      policies: ['boundary-pairs'],
      embedder: 'glove',
      selection: 'sampled',
      firstBatch: 'score-strata',
      pairScoring: 'doubt',
      sides: 'first-batch-share',
      uncertaintyShare: 0,
      prior: 'none',
    });
    expect(alone.output.split('\n')[0]).toContain('one seed (3)');
  });

  it('gives the same bytes for the same seeds', async () => {
    const again = await runCaptured({ seeds: [2, 3], poolSize: POOL_SIZE, quiet: true });
    try {
      expect(withoutTimings(again.json)).toBe(withoutTimings(both.json));
    } finally {
      await cleanUp(again);
    }
  }, 300_000);
});
