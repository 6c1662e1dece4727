import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSimulatedDataset } from './simulated-dataset';
import { type CapturedRun, cleanUp, pick, runCaptured } from './test-helpers';

// `sim:lower` written out as a dataset folder with its crowd and its experts, then replayed as recorded labels:
// the paper's comparison (crowd baseline against the loop with the recorded experts) on a dataset. The GloVe
// embedder keeps the suite's time down; the default (USE-lite) is exercised by the ConvAbuse replay.
const SIZE = 3000;

describe('a dataset with crowd and expert labels (integration)', () => {
  let root: string;
  let both: CapturedRun;
  let expertsOnly: CapturedRun;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'borderline-sim-dataset-'));
    const full = join(root, 'sim-lower');
    await writeSimulatedDataset(full, { task: 'lower', size: SIZE, seed: 1 });
    // The same folder without its crowd: replays as an experts-only dataset.
    const experts = join(root, 'sim-lower-experts');
    await writeSimulatedDataset(experts, { task: 'lower', size: SIZE, seed: 1 });
    const lines = (await readFile(join(experts, 'labels.jsonl'), 'utf8')).split('\n');
    await writeFile(
      join(experts, 'labels.jsonl'),
      lines
        .filter((line) => line.includes('"role":"expert"'))
        .join('\n')
        .concat('\n'),
    );
    both = await runCaptured({ dataset: full, seed: 2, embedder: 'glove', quiet: true });
    expertsOnly = await runCaptured({ dataset: experts, seed: 2, embedder: 'glove', quiet: true });
  }, 300_000);
  afterAll(async () => {
    await cleanUp(both);
    await cleanUp(expertsOnly);
    await rm(root, { recursive: true, force: true });
  });

  it('writes a canonical folder whose labels carry both roles', async () => {
    const labels = await readFile(join(root, 'sim-lower', 'labels.jsonl'), 'utf8');
    expect(labels).toContain('"role":"crowd"');
    expect(labels).toContain('"role":"expert"');
    expect(labels.trim().split('\n')).toHaveLength(SIZE * 4);
  });

  it('replays as the paper: crowd baseline on every crowd-labelled item against the loop, and LLM-0', () => {
    const { report } = both;
    expect(report.scenario).toBe('dataset:ads-lower');
    const [task] = report.tasks;
    const audit = task!.auditItems!;
    expect(task!.crowdLabels).toBe(SIZE);
    // One crowd label per ad: every curation-pool item has a crowd majority.
    expect(task!.crowdItems).toBe(SIZE - 360);
    expect(audit).toBeGreaterThan(300);
    // The crowd agrees with the experts less than they agree with each other, and better than chance.
    expect(task!.crowdExpertKappa!).toBeGreaterThan(0.2);
    expect(task!.crowdExpertKappa!).toBeLessThan(task!.expertPairwiseKappa);
    for (const model of ['large', 'small']) {
      const curated = pick(report, 'ads-lower', model, 'curated', 'boundary-pairs');
      const crowd = pick(report, 'ads-lower', model, 'crowd-baseline');
      expect(crowd.fineTuneExamples).toBe(SIZE - 360);
      expect(crowd.evalExamples).toBe(curated.evalExamples);
      expect(Number.isFinite(crowd.kappaAudit)).toBe(true);
    }
    expect(pick(report, 'ads-lower', 'zero-shot', 'llm-0').iterations).toBe(0);
    const kinds = new Set(report.conditions.map((row) => row.condition));
    expect(kinds).toEqual(new Set(['curated', 'crowd-baseline', 'llm-0']));
    expect(report.summary!.paired.map((entry) => entry.baseline)).toEqual([
      'crowd-baseline',
      'crowd-baseline',
    ]);
    expect(report.findings!.filter((finding) => finding.includes('the crowd baseline'))).toHaveLength(2);
  });

  it('replays the same items without their crowd as today: random selection and a single annotator', () => {
    const { report } = expertsOnly;
    const kinds = new Set(report.conditions.map((row) => row.condition));
    expect(kinds).toEqual(new Set(['curated', 'random', 'single-annotator']));
    expect(report.tasks[0]!.crowdExpertKappa).toBeUndefined();
    // The loop with the recorded experts is the same run with or without the crowd in the folder.
    expect(pick(report, 'ads-lower', 'large', 'curated')).toEqual(
      pick(both.report, 'ads-lower', 'large', 'curated'),
    );
  });
});
