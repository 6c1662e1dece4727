import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapturedRun, cleanUp, pick, runCaptured, withoutTimings } from './test-helpers';

// ConvAbuse (../shared/datasets, via BORDERLINE_DATA_PATH): the recorded expert judgments are the annotators.
describe('the ConvAbuse replay (integration, recorded experts)', () => {
  let captured: CapturedRun;

  beforeAll(async () => {
    captured = await runCaptured({ scenario: 'convabuse', seed: 3, quiet: true });
  }, 180_000);
  afterAll(() => cleanUp(captured));

  it('runs the loop on recorded judgments with random selection and single annotator baselines', () => {
    const { report } = captured;
    expect(report.scenario).toBe('convabuse');
    expect(report.tasks).toHaveLength(1);
    const [task] = report.tasks;
    expect(task!.task).toBe('convabuse');
    expect(task!.poolSize).toBe(4050);
    // Real experts do not agree perfectly: the ceiling is a real, partial agreement.
    expect(task!.expertPairwiseKappa).toBeGreaterThan(0.2);
    expect(task!.expertPairwiseKappa).toBeLessThan(0.95);
    for (const model of ['large', 'small']) {
      const curated = pick(report, 'convabuse', model, 'curated', 'boundary-pairs');
      const random = pick(report, 'convabuse', model, 'random', 'random');
      const single = pick(report, 'convabuse', model, 'single-annotator');
      expect(curated.iterations).toBeGreaterThan(0);
      expect(curated.iterations).toBeLessThanOrEqual(6);
      // Same budget: the random baseline sends as many items to the experts per iteration.
      const spent = (row: typeof curated) => row.expertLabelsPerIteration!.slice(1);
      expect(spent(random).slice(0, spent(curated).length)).toEqual(spent(curated));
      for (const [index, labels] of spent(curated).entries()) expect(labels).toBe(100 * (index + 1));
      expect(single.fineTuneExamples).toBeGreaterThan(3000);
      // Every row of a (task, model) is scored on the curated run's final evaluation set: the same work.
      expect(single.evalExamples).toBe(curated.evalExamples);
      expect(random.evalExamples).toBe(curated.evalExamples);
      expect((random as { ownEvalExamples?: number }).ownEvalExamples).toBeGreaterThan(0);
      for (const row of [curated, random, single]) expect(Number.isFinite(row.kappaAudit)).toBe(true);
    }
    expect(report.findings?.some((finding) => finding.includes('random'))).toBe(true);
    expect(report.findings?.some((finding) => finding.includes('single-annotator'))).toBe(true);
  });

  it('replays the same dataset folder through --dataset with the same figures', async () => {
    const again = await runCaptured({ dataset: 'convabuse', seed: 3, quiet: true });
    try {
      const strip = (json: string) => withoutTimings(json).replace(/"scenario": "[^"]*"/, '');
      expect(strip(again.json)).toBe(strip(captured.json));
      expect(again.report.scenario).toBe('dataset:convabuse');
    } finally {
      await cleanUp(again);
    }
  }, 180_000);
});
