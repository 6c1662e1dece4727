import { BorderlineError, createRng, type Label, ROLES, type Role } from '@borderline/core';
import { type LoadedDataset, labelsOfRole, loadDataset } from '@borderline/ingest';
import { createCurationConfig, internalAlignment, type PanelRecord } from '@borderline/loop';
import {
  createLocalClassifier,
  createLocalEmbedder,
  createRecordedPanel,
  createZeroShotClassifier,
} from '@borderline/runners';
import type { PolicyName } from '@borderline/sampling';
import {
  type CurationPool,
  curationPool,
  drawAuditItems,
  type EmbeddedPool,
  labelAuditSet,
} from './audit-set';
import {
  baselineReport,
  finalEvaluationSet,
  onPrimaryEvaluation,
  shareOfOnes,
  trainOn,
} from './baseline-rows';
import { type CuratedRun, runCuratedPolicy, type Trainee } from './curated-runs';
import type { ResolvedOptions } from './options';
import { AUDIT_ITEMS, MODELS, type TaskOutcome } from './paper-scenario';
import type { Progress } from './progress';
import type { ConditionReport, TaskReport } from './report';
import { round } from './round';
import type { Stopwatch } from './stopwatch';

/** Iterations and items per iteration on a recorded dataset (the paper's lower-complexity schedule). */
export const DATASET_SCHEDULE = { iterations: 6, batchSize: 100 } as const;

/**
 * Replays the loop on a dataset's recorded labels: the recorded expert judgments are the annotators (gold labels
 * when the dataset has no expert role). Baselines: random selection at the same budget, and every item with one
 * annotator's label. All are scored on the curated run's final evaluation set and on a held-out audit set.
 */
export async function replayDataset(
  options: ResolvedOptions,
  stopwatch: Stopwatch,
  progress: Progress,
): Promise<TaskOutcome> {
  const { seed, signal } = options;
  const dataset = await stopwatch.time('dataset/load', () => loadDataset(options.dataset!));
  const name = dataset.manifest.name;
  const { role, labels } = recordedLabels(dataset);
  const panel = createRecordedPanel(labels, { role });
  const embedder = createLocalEmbedder();
  const embeddings = await stopwatch.time(`${name}/embed`, () =>
    embedder.embed(dataset.items.texts, signal === undefined ? {} : { signal }),
  );
  const full: EmbeddedPool = {
    ids: dataset.items.ids,
    texts: dataset.items.texts,
    embeddings,
    space: { embedderId: embedder.modelId, dimensions: embedder.dimensions },
  };
  const positive = dataset.manifest.positive;
  const size = full.ids.length;
  const drawn = drawAuditItems(size, Math.min(AUDIT_ITEMS, Math.floor(size * 0.12)), `${seed}:${name}`);
  const audit = await labelAuditSet(full, drawn, panel, positive, signal);
  const pool = curationPool(full, drawn);
  progress(`[${name}] ${size} items, ${labels.length} ${role} labels; audit set ${audit.items.length} items`);
  const llm0 = createZeroShotClassifier({ policy: dataset.manifest.task, embedder });
  const config = createCurationConfig({
    labels: [dataset.manifest.labels[0], dataset.manifest.labels[1]],
    positive,
    batchSize: DATASET_SCHEDULE.batchSize,
    seed: `${seed}:${name}`,
    // Stops early only when the model kappa's 95% lower bound reaches the experts' alignment (see paper-scenario).
    // (Alignment also needs 10 evaluation items of each expert class: the loop's default.)
    stop: { target: 'kappa-ci-lower', maxIterations: DATASET_SCHEDULE.iterations, plateau: undefined },
  });
  const single = singleAnnotatorLabels(labels, pool, positive, `${seed}:${name}`);
  const trainees: Trainee[] = MODELS.map((model) => ({
    model,
    trainer: createLocalClassifier({ size: model, embedder, seed: `${seed}:${name}:${model}` }),
  }));
  const common = {
    task: name,
    config,
    pool,
    llm0,
    trainees,
    annotator: panel,
    audit,
    progress,
    stopwatch,
    ...(signal === undefined ? {} : { signal }),
  };
  // Per policy, both models' runs (they share everything up to the first adapt); random selection at the same
  // budget is a baseline when it is not one of the policies compared.
  const curated = async (policy: PolicyName, condition: string) =>
    runCuratedPolicy({ ...common, policy, condition });
  const byPolicy: CuratedRun[][] = [];
  for (const policy of options.policies) byPolicy.push(await curated(policy, 'curated'));
  const random = options.policies.includes('random') ? undefined : await curated('random', 'random');
  const conditions: ConditionReport[] = [];
  const primaries: CuratedRun[] = [];
  for (const [index, { model, trainer }] of trainees.entries()) {
    const runs = byPolicy.map((policyRuns) => policyRuns[index]!);
    const primary = runs[0]!;
    primaries.push(primary);
    const evaluation = finalEvaluationSet(primary, pool);
    conditions.push(primary.report);
    for (const other of runs.slice(1)) {
      conditions.push(await onPrimaryEvaluation(other, evaluation, config.threshold, signal));
    }
    if (random !== undefined) {
      conditions.push(await onPrimaryEvaluation(random[index]!, evaluation, config.threshold, signal));
    }
    const singleModel = await stopwatch.time(`${name}/${model}/single-annotator`, () =>
      trainOn(trainer, pool, single.labels, single.items, signal),
    );
    const row = { task: name, model, condition: 'single-annotator', trainedExamples: single.items.length };
    conditions.push(
      await baselineReport(
        { ...row, positiveShare: shareOfOnes(single.labels) },
        singleModel,
        evaluation,
        audit,
        config.threshold,
        signal,
      ),
    );
  }
  return { task: taskReport(name, size, labels, primaries, pool, audit.items.length), conditions };
}

/** The dataset's expert labels (gold when it has no expert), as `Label`s. */
function recordedLabels(dataset: LoadedDataset): { role: Role; labels: Label[] } {
  const roles = new Set(Array.from(dataset.labels.role, (code) => ROLES[code]));
  const role: Role | undefined = roles.has('expert') ? 'expert' : roles.has('gold') ? 'gold' : undefined;
  if (role === undefined) {
    throw new BorderlineError({
      code: 'invalid-data',
      message: `replay: dataset ${dataset.dir} has no expert (or gold) labels to replay`,
    });
  }
  return { role, labels: labelsOfRole(dataset, role) };
}

/** One annotator's label per curation-pool item that has any, the annotator drawn at random (seeded). */
function singleAnnotatorLabels(labels: readonly Label[], pool: CurationPool, positive: string, seed: string) {
  const byItem = new Map<string, Label[]>();
  for (const label of labels) byItem.set(label.item, [...(byItem.get(label.item) ?? []), label]);
  const rng = createRng(seed).fork('single-annotator');
  const items: number[] = [];
  const codes: number[] = [];
  pool.ids.forEach((id, index) => {
    const recorded = byItem.get(id);
    if (recorded === undefined || recorded.length === 0) return;
    items.push(index);
    codes.push(recorded[rng.int(0, recorded.length)]!.label === positive ? 1 : 0);
  });
  return { items, labels: Uint8Array.from(codes) };
}

/** The dataset's task row: internal alignment over the curated set (the primary runs of both models). */
function taskReport(
  name: string,
  poolSize: number,
  labels: readonly Label[],
  primaries: readonly CuratedRun[],
  pool: CurationPool,
  auditItems: number,
): TaskReport {
  const annotators: string[] = [];
  const panels = new Map<number, PanelRecord>();
  for (const { state } of primaries) {
    for (const panel of state.panels) {
      const item = pool.fullIndex[panel.item]!;
      if (panels.has(item)) continue;
      const codes = panel.annotators.map((code) => {
        const id = state.annotators[code]!;
        const found = annotators.indexOf(id);
        return found >= 0 ? found : annotators.push(id) - 1;
      });
      panels.set(item, { ...panel, item, annotators: codes });
    }
  }
  const alignment = internalAlignment([...panels.values()], annotators.length);
  return {
    task: name,
    poolSize,
    expertPairwiseKappa: round(alignment.value ?? Number.NaN),
    curatedItems: panels.size,
    // Added fields.
    recordedLabels: labels.length,
    auditItems,
  };
}
