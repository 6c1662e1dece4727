import { BorderlineError, createRng, type Label, type Role } from '@borderline/core';
import { type LoadedDataset, labelsOfRole, loadDataset } from '@borderline/ingest';
import { createCurationConfig } from '@borderline/loop';
import { createLocalClassifier, createRecordedPanel, createZeroShotClassifier } from '@borderline/runners';
import type { PolicyName } from '@borderline/sampling';
import { type CurationPool, curationPool, drawAuditItems, embedPool, labelAuditSet } from './audit-set';
import {
  baselineReport,
  onPrimaryEvaluation,
  type PolicyRows,
  policyRows,
  type ScoredSet,
  shareOfOnes,
  trainOn,
} from './baseline-rows';
import { type CuratedRun, runCuratedPolicy, type Trainee } from './curated-runs';
import { crowdConditions, crowdTaskFields, recordedCrowd } from './dataset-crowd';
import { type DatasetSetup, hasRole } from './dataset-setup';
import { datasetTaskReport } from './dataset-task-report';
import { replayEmbedder } from './embedders';
import type { ResolvedOptions } from './options';
import { AUDIT_ITEMS, MODELS, type TaskOutcome } from './paper-scenario';
import type { Progress } from './progress';
import { pairMethod } from './replay-policy';
import type { ConditionReport } from './report';
import type { Stopwatch } from './stopwatch';

export type { DatasetSetup } from './dataset-setup';

/** Iterations and items per iteration on a recorded dataset (the paper's lower-complexity schedule). */
export const DATASET_SCHEDULE = { iterations: 6, batchSize: 100 } as const;

/**
 * Replays the loop on a dataset's recorded labels: the recorded expert judgments are the annotators (gold labels
 * when the dataset has no expert role). With a `crowd` role too, it replays the paper's comparison: the crowd
 * baseline (every crowd-labelled item, at its crowd majority, ties dropped) against the loop with the recorded
 * experts, and LLM-0. Without a crowd, the baselines are random selection at the same budget and every item
 * with one annotator's label. All are scored on the curated run's final evaluation set and on a held-out audit
 * set (items with expert labels, scored by their expert majority).
 */
export async function replayDataset(
  options: ResolvedOptions,
  stopwatch: Stopwatch,
  progress: Progress,
): Promise<TaskOutcome> {
  const dataset = await stopwatch.time('dataset/load', () => loadDataset(options.dataset!));
  const crowd = recordedCrowd(dataset);
  const setup = await setUpDataset(dataset, options, stopwatch, progress);
  const { name, trainees, pool, config } = setup;
  const { signal } = options;
  const common = {
    task: name,
    config,
    pool,
    llm0: setup.llm0,
    trainees,
    annotator: setup.panel,
    audit: setup.audit,
    progress,
    stopwatch,
    selection: options.selection,
    method: pairMethod(options),
    ...(signal === undefined ? {} : { signal }),
  };
  // Per policy, both models' runs (they share everything up to the first adapt); without a crowd, random
  // selection at the same budget is a baseline when it is not one of the policies compared.
  const curated = async (policy: PolicyName, condition: string) =>
    runCuratedPolicy({ ...common, policy, condition });
  const byPolicy: CuratedRun[][] = [];
  for (const policy of options.policies) byPolicy.push(await curated(policy, 'curated'));
  const primaries = trainees.map((_, index) => byPolicy[0]![index]!);
  // Per model, each policy's row on the primary run's final evaluation set, which the baselines are scored on.
  const perModel: PolicyRows[] = [];
  for (const [index] of trainees.entries()) {
    perModel.push(
      await policyRows(
        byPolicy.map((runs) => runs[index]!),
        pool,
        config.threshold,
        signal,
      ),
    );
  }
  const evaluations = perModel.map(({ evaluation }) => evaluation);
  const baselines =
    crowd === undefined
      ? { perModel: await expertOnlyBaselines(setup, evaluations, options, curated, stopwatch), extra: [] }
      : await crowdConditions(setup, crowd, primaries, evaluations, options, stopwatch, progress);
  // Rows in model order: each model's policy rows, then its baselines; LLM-0 last.
  const conditions = perModel.flatMap(({ rows }, index) => [...rows, ...baselines.perModel[index]!]);
  conditions.push(...baselines.extra);
  const task = datasetTaskReport(setup, primaries);
  return {
    task: crowd === undefined ? task : { ...task, ...crowdTaskFields(setup, crowd, primaries) },
    conditions,
  };
}

async function setUpDataset(
  dataset: LoadedDataset,
  options: ResolvedOptions,
  stopwatch: Stopwatch,
  progress: Progress,
): Promise<DatasetSetup> {
  const { seed, signal } = options;
  const name = dataset.manifest.name;
  const role = roleOf(dataset);
  const labels = labelsOfRole(dataset, role);
  const embedder = replayEmbedder(options.embedder);
  const full = await embedPool(dataset.items, embedder, stopwatch, `${name}/embed`, signal);
  const positive = dataset.manifest.positive;
  const size = full.ids.length;
  const drawn = drawAuditItems(size, Math.min(AUDIT_ITEMS, Math.floor(size * 0.12)), `${seed}:${name}`);
  const panel = createRecordedPanel(labels, { role });
  const audit = await labelAuditSet(full, drawn, panel, positive, signal);
  const pool = curationPool(full, drawn);
  progress(
    `[${name}] ${size} items, ${labels.length} ${role} labels; audit set ${audit.items.length} items; ` +
      `embedder ${embedder.modelId}`,
  );
  const llm0 = createZeroShotClassifier({ policy: dataset.manifest.task, embedder });
  const config = datasetConfig(dataset, options);
  const trainees: Trainee[] = MODELS.map((model) => ({
    model,
    trainer: createLocalClassifier({
      size: model,
      embedder,
      seed: `${seed}:${name}:${model}`,
      ...(options.prior === 'llm-0' ? { prior: llm0.head! } : {}),
    }),
  }));
  return { name, dataset, labels, panel, full, pool, audit, llm0, config, trainees };
}

/** The curation config of a dataset's runs (its labels, the dataset schedule, the replay's options). */
function datasetConfig(dataset: LoadedDataset, options: ResolvedOptions) {
  const name = dataset.manifest.name;
  return createCurationConfig({
    labels: [dataset.manifest.labels[0], dataset.manifest.labels[1]],
    positive: dataset.manifest.positive,
    batchSize: DATASET_SCHEDULE.batchSize,
    seed: `${options.seed}:${name}`,
    // Stops early only when the model kappa's 95% lower bound reaches the experts' alignment (see paper-scenario).
    // (Alignment also needs 10 evaluation items of each expert class: the loop's default.)
    stop: { target: 'kappa-ci-lower', maxIterations: DATASET_SCHEDULE.iterations, plateau: undefined },
  });
}

/** Random selection at the same budget (unless compared as a policy) and the single-annotator baseline. */
async function expertOnlyBaselines(
  setup: DatasetSetup,
  evaluations: readonly ScoredSet[],
  options: ResolvedOptions,
  curated: (policy: PolicyName, condition: string) => Promise<CuratedRun[]>,
  stopwatch: Stopwatch,
): Promise<ConditionReport[][]> {
  const { name, pool, config, audit, trainees, labels, dataset } = setup;
  const { signal, seed } = options;
  const random = options.policies.includes('random') ? undefined : await curated('random', 'random');
  const single = singleAnnotatorLabels(labels, pool, dataset.manifest.positive, `${seed}:${name}`);
  const perModel: ConditionReport[][] = [];
  for (const [index, { model, trainer }] of trainees.entries()) {
    const conditions: ConditionReport[] = [];
    perModel.push(conditions);
    const evaluation = evaluations[index]!;
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
  return perModel;
}

/** The role whose labels answer as the experts: expert, else gold. */
function roleOf(dataset: LoadedDataset): Role {
  const role = (['expert', 'gold'] as const).find((candidate) => hasRole(dataset, candidate));
  if (role === undefined) {
    throw new BorderlineError({
      code: 'invalid-data',
      message: `replay: dataset ${dataset.dir} has no expert (or gold) labels to replay`,
    });
  }
  return role;
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
