import { agreementReport } from '@borderline/agreement';
import type { BatchAgreement, BatchProgress } from './review-backend';

/** The batch's expert labels in memory: item -> expert -> label. */
export type BatchLabels = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** How many of the batch's items have `expertsPerItem` experts' labels. */
export function batchProgress(
  items: readonly string[],
  labels: BatchLabels,
  expertsPerItem: number,
): BatchProgress {
  let itemsDone = 0;
  for (const item of items) if ((labels.get(item)?.size ?? 0) >= expertsPerItem) itemsDone++;
  return { items: items.length, itemsDone, expertsPerItem, complete: itemsDone === items.length };
}

/** Pairwise Cohen's kappa among the batch's experts, each pair on the items both labelled. */
export function batchAgreement(labels: BatchLabels, categories: readonly string[]): BatchAgreement {
  const flat: { item: string; annotator: string; role: 'expert'; label: string }[] = [];
  for (const [item, byExpert] of labels) {
    for (const [annotator, label] of byExpert) flat.push({ item, annotator, role: 'expert', label });
  }
  if (flat.length === 0) return { experts: [], pairs: [], meanPairwiseKappa: null, definedPairs: 0 };
  const report = agreementReport(flat, { labelSet: categories, role: 'expert' });
  return {
    experts: report.annotators.map((entry) => entry.annotator),
    pairs: report.pairs.map((pair) => ({ a: pair.a, b: pair.b, n: pair.n, kappa: pair.kappa })),
    meanPairwiseKappa: report.meanPairwiseKappa,
    definedPairs: report.definedPairs,
  };
}
