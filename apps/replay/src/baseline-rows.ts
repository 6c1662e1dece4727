import {
  adaptRows,
  evaluationSet,
  type ItemRows,
  type KappaFigure,
  kappaOnRows,
  poolRows,
} from '@borderline/loop';
import type { Classifier } from '@borderline/runners';
import type { AuditSet, CurationPool } from './audit-set';
import type { CuratedRun } from './curated-runs';
import type { ConditionReport } from './report';
import { round } from './round';

/** The expert evaluation set of a curated run, as rows ready to score. */
export interface ScoredSet {
  readonly rows: ItemRows;
  readonly labels: Uint8Array;
}

/** The final expert evaluation set of a curated run ("scored on the same work"). */
export function finalEvaluationSet(curated: CuratedRun, pool: CurationPool): ScoredSet {
  const { items, labels } = evaluationSet(curated.state);
  return { rows: poolRows(pool.space, pool.embeddings, () => pool.texts, items), labels };
}

/**
 * The base model trained on labelled pool items (all of them, or `items`) with the loop's `adaptRows`: on the
 * pool's vectors when the model is a head over them, else on the texts.
 */
export function trainOn(
  trainer: Classifier,
  pool: CurationPool,
  labels: Uint8Array,
  items?: readonly number[],
  signal?: AbortSignal,
): Promise<Classifier> {
  const rows: ItemRows =
    items === undefined
      ? { space: pool.space, vectors: pool.embeddings, texts: () => pool.texts }
      : poolRows(pool.space, pool.embeddings, () => pool.texts, items);
  return adaptRows(trainer, rows, labels, signal === undefined ? {} : { signal });
}

/** What a baseline row needs besides its model. */
export interface BaselineRow {
  readonly task: string;
  readonly model: string;
  readonly condition: string;
  readonly trainedExamples: number;
  readonly positiveShare?: number;
}

/** Scores a trained baseline on the curated run's final evaluation set and on the audit set. */
export async function baselineReport(
  row: BaselineRow,
  classifier: Classifier,
  evaluation: ScoredSet,
  audit: AuditSet,
  threshold: number,
  signal?: AbortSignal,
): Promise<ConditionReport> {
  const call = signal === undefined ? {} : { signal };
  const kappa = await kappaOnRows(classifier, evaluation.rows, evaluation.labels, threshold, call);
  const auditKappa = await kappaOnRows(classifier, audit.rows, audit.labels, threshold, call);
  return baselineRow(row, evaluation.labels.length, kappa, auditKappa);
}

/** A report row for a model that is not iterated (crowd baseline, LLM-0, single annotator). */
export function baselineRow(
  row: BaselineRow,
  evalExamples: number,
  kappa: KappaFigure,
  auditKappa: KappaFigure,
): ConditionReport {
  return {
    task: row.task,
    model: row.model,
    condition: row.condition,
    iterations: 0,
    fineTuneExamples: row.trainedExamples,
    evalExamples,
    ...(row.positiveShare === undefined ? {} : { positiveShare: round(row.positiveShare) }),
    kappaModelExpert: round(kappa.value ?? Number.NaN),
    ...(kappa.ci95 ? { kappaCi95: [round(kappa.ci95[0]), round(kappa.ci95[1])] as const } : {}),
    kappaAudit: round(auditKappa.value ?? Number.NaN),
  };
}

/** Share of 1s. */
export function shareOfOnes(labels: Uint8Array): number {
  let ones = 0;
  for (const label of labels) ones += label;
  return labels.length === 0 ? Number.NaN : ones / labels.length;
}

/**
 * A curated run of another policy (or the random baseline) scored on the primary run's final evaluation set, so
 * every row of a (task, model) is measured on the same work. Its figure on its own evaluation set is kept as
 * `kappaOwnEvaluation` (with `ownEvalExamples`); its curves stay on its own sets.
 */
export async function onPrimaryEvaluation(
  curated: CuratedRun,
  evaluation: ScoredSet,
  threshold: number,
  signal?: AbortSignal,
): Promise<ConditionReport> {
  const call = signal === undefined ? {} : { signal };
  const kappa = await kappaOnRows(curated.final, evaluation.rows, evaluation.labels, threshold, call);
  const { kappaCi95: _ownInterval, ...own } = curated.report;
  return {
    ...own,
    evalExamples: evaluation.labels.length,
    kappaModelExpert: round(kappa.value ?? Number.NaN),
    ...(kappa.ci95 ? { kappaCi95: [round(kappa.ci95[0]), round(kappa.ci95[1])] as const } : {}),
    kappaOwnEvaluation: curated.report.kappaModelExpert,
    ownEvalExamples: curated.report.evalExamples,
  };
}

/** One model's rows of its curated runs, and the set every row of the model is scored on. */
export interface PolicyRows {
  readonly rows: ConditionReport[];
  /** The primary (first policy's) run's final evaluation set, on which the model's baselines are scored too. */
  readonly evaluation: ScoredSet;
}

/**
 * One model's runs (one per policy) as rows: the primary run's own row as it is, every other run scored on the
 * primary run's final evaluation set ({@link onPrimaryEvaluation}).
 */
export async function policyRows(
  runs: readonly CuratedRun[],
  pool: CurationPool,
  threshold: number,
  signal?: AbortSignal,
): Promise<PolicyRows> {
  const primary = runs[0]!;
  const evaluation = finalEvaluationSet(primary, pool);
  const rows = [primary.report];
  for (const other of runs.slice(1))
    rows.push(await onPrimaryEvaluation(other, evaluation, threshold, signal));
  return { rows, evaluation };
}
