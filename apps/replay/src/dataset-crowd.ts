import type { Label } from '@borderline/core';
import { type LoadedDataset, labelsOfRole } from '@borderline/ingest';
import { baselineReport, baselineRow, type ScoredSet, shareOfOnes, trainOn } from './baseline-rows';
import type { CuratedRun } from './curated-runs';
import { type DatasetSetup, hasRole } from './dataset-setup';
import { curatedFullSet } from './dataset-task-report';
import type { ResolvedOptions } from './options';
import type { Progress } from './progress';
import { majorityKappa, recordedMajority } from './recorded-majority';
import type { ConditionReport, TaskReport } from './report';
import { round } from './round';
import type { Stopwatch } from './stopwatch';

/** A dataset's recorded crowd: its labels, and each item's crowd majority (-1: none, or a tie). */
export interface RecordedCrowd {
  readonly labels: readonly Label[];
  readonly majority: Int32Array;
}

/** The dataset's crowd, when its labels carry a `crowd` role beside the expert one; else undefined. */
export function recordedCrowd(dataset: LoadedDataset): RecordedCrowd | undefined {
  const labels = labelsOfRole(dataset, 'crowd');
  if (labels.length === 0 || !hasRole(dataset, 'expert')) return undefined;
  return { labels, majority: recordedMajority(dataset.items.ids, labels, dataset.manifest.positive) };
}

/** Curation-pool items with a crowd majority, and those majorities (the crowd baseline's training set). */
function crowdTrainingSet(setup: DatasetSetup, crowd: RecordedCrowd) {
  const items: number[] = [];
  const codes: number[] = [];
  setup.pool.fullIndex.forEach((full, index) => {
    const vote = crowd.majority[full]!;
    if (vote < 0) return;
    items.push(index);
    codes.push(vote);
  });
  return { items, labels: Uint8Array.from(codes) };
}

/**
 * The paper's baselines on recorded labels: per model the crowd baseline (the base model trained on every
 * crowd-labelled curation-pool item at its crowd majority, ties dropped), scored on the curated run's final
 * evaluation set and on the audit set; and LLM-0's row.
 */
export async function crowdConditions(
  setup: DatasetSetup,
  crowd: RecordedCrowd,
  primaries: readonly CuratedRun[],
  evaluations: readonly ScoredSet[],
  options: ResolvedOptions,
  stopwatch: Stopwatch,
  progress: Progress,
): Promise<{ perModel: ConditionReport[][]; extra: ConditionReport[] }> {
  const { name, pool, audit, config } = setup;
  const { signal } = options;
  const training = crowdTrainingSet(setup, crowd);
  const perModel: ConditionReport[][] = [];
  for (const [index, { model, trainer }] of setup.trainees.entries()) {
    const crowdModel = await stopwatch.time(`${name}/${model}/crowd-baseline`, () =>
      trainOn(trainer, pool, training.labels, training.items, signal),
    );
    const row = await baselineReport(
      {
        task: name,
        model,
        condition: 'crowd-baseline',
        trainedExamples: training.items.length,
        positiveShare: shareOfOnes(training.labels),
      },
      crowdModel,
      evaluations[index]!,
      audit,
      config.threshold,
      signal,
    );
    progress(
      `[${name}/${model}] crowd baseline (${training.items.length} items at their crowd majority): kappa ` +
        `${row.kappaModelExpert} on the curated eval set, ${row.kappaAudit} on the audit set`,
    );
    perModel.push([row]);
  }
  const primary = primaries[0]!;
  const llm0 = primary.state.history[0];
  const llm0Row = baselineRow(
    { task: name, model: 'zero-shot', condition: 'llm-0', trainedExamples: 0 },
    llm0?.evalExamples ?? 0,
    llm0?.kappa ?? { value: null, ci95: null, n: 0 },
    primary.llm0Audit,
  );
  return { perModel, extra: [llm0Row] };
}

/** The task row's crowd figures: crowd vs expert-majority kappa on the curated set, and the crowd's size. */
export function crowdTaskFields(
  setup: DatasetSetup,
  crowd: RecordedCrowd,
  primaries: readonly CuratedRun[],
): Partial<TaskReport> {
  const experts = recordedMajority(setup.full.ids, setup.labels, setup.dataset.manifest.positive);
  const curated = curatedFullSet(primaries, setup.pool.fullIndex);
  let benign = 0;
  let voted = 0;
  for (const full of setup.pool.fullIndex) {
    const vote = crowd.majority[full]!;
    if (vote < 0) continue;
    voted++;
    if (vote === 0) benign++;
  }
  let positives = 0;
  let decided = 0;
  for (const full of curated) {
    if (experts[full]! < 0) continue;
    decided++;
    positives += experts[full]!;
  }
  return {
    crowdBenignShare: round(voted === 0 ? Number.NaN : benign / voted),
    crowdExpertKappa: round(majorityKappa(crowd.majority, experts, curated)),
    curatedExpertPositiveShare: round(decided === 0 ? Number.NaN : positives / decided),
    crowdLabels: crowd.labels.length,
    crowdItems: voted,
  };
}
