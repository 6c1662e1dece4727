import { evaluationSet, gatherRows, type KappaFigure } from '@borderline/loop';
import type { ConditionReport } from '@borderline/loop/report';
import type { Classifier } from '@borderline/runners';
import type { CuratedCondition } from './curated-condition';
import { type AuditSet, type CurationPool, kappaOn } from './experiment';
import { round } from './round';

/** The expert evaluation set of a curated run, as rows ready to score. */
export interface ScoredSet {
  readonly embeddings: Float32Array;
  readonly texts: readonly string[];
  readonly labels: Uint8Array;
}

/** The final expert evaluation set of a curated run ("scored on the same work"). */
export function finalEvaluationSet(curated: CuratedCondition, pool: CurationPool): ScoredSet {
  const { items, labels } = evaluationSet(curated.run.state);
  return {
    embeddings: gatherRows(pool.embeddings, pool.dimensions, items),
    texts: items.map((item) => pool.texts[item]!),
    labels,
  };
}

/**
 * Trains the base model on labelled pool rows (all of them, or `items`): through the head on the pool's vectors
 * when the model is a head over them, else on texts.
 */
export async function trainOn(
  trainer: Classifier,
  pool: CurationPool,
  labels: Uint8Array,
  items?: readonly number[],
  signal?: AbortSignal,
): Promise<Classifier> {
  const call = signal === undefined ? {} : { signal };
  const rows = items === undefined ? pool.embeddings : gatherRows(pool.embeddings, pool.dimensions, items);
  const head = trainer.head;
  if (head !== undefined && head.embedderId === pool.embedderId)
    return head.adaptEmbedded(rows, labels, call);
  const indices = items ?? Array.from({ length: pool.ids.length }, (_, index) => index);
  return trainer.adapt(
    indices.map((item, position) => ({ text: pool.texts[item]!, label: labels[position] === 1 ? 1 : 0 })),
    call,
  );
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
  embedderId: string,
  evaluation: ScoredSet,
  audit: AuditSet,
  signal?: AbortSignal,
): Promise<ConditionReport> {
  const kappa = await kappaOn(
    classifier,
    embedderId,
    evaluation.embeddings,
    evaluation.texts,
    evaluation.labels,
    signal,
  );
  const auditKappa = await kappaOn(
    classifier,
    embedderId,
    audit.embeddings,
    audit.texts,
    audit.labels,
    signal,
  );
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
  curated: CuratedCondition,
  evaluation: ScoredSet,
  embedderId: string,
  signal?: AbortSignal,
): Promise<ConditionReport> {
  const kappa = await kappaOn(
    curated.run.model,
    embedderId,
    evaluation.embeddings,
    evaluation.texts,
    evaluation.labels,
    signal,
  );
  const { kappaCi95: _ownInterval, ...own } = curated.report;
  return {
    ...own,
    evalExamples: evaluation.labels.length,
    kappaModelExpert: round(kappa.value ?? Number.NaN),
    ...(kappa.ci95 ? { kappaCi95: [round(kappa.ci95[0]), round(kappa.ci95[1])] as const } : {}),
    kappaOwnEvaluation: curated.report.kappaModelExpert,
    ownEvalExamples: curated.report.evalExamples,
  } as ConditionReport;
}
