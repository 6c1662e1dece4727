import { splitExpertLabels } from '@borderline/sampling';

/** A batch's items divided between fine-tuning and evaluation. */
export interface BatchSplit {
  readonly fineTune: readonly number[];
  readonly evaluation: readonly number[];
}

/**
 * Splits one batch's expert-labelled items (pool indices with their majority label) with sampling's
 * `splitExpertLabels`: seeded, stratified by label. Only this batch is split: earlier splits never move.
 */
export function splitBatch(
  items: readonly number[],
  labels: readonly (0 | 1)[],
  options: { readonly fineTuneShare: number; readonly seed: string },
): BatchSplit {
  const split = splitExpertLabels(
    items.map((item, position) => ({ id: String(item), label: labels[position]! })),
    { fineTuneShare: options.fineTuneShare, seed: options.seed },
  );
  return { fineTune: split.fineTune.map(Number), evaluation: split.evaluation.map(Number) };
}
