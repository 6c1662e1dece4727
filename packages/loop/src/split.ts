import { createRng } from '@borderline/core';

/** A batch's items divided between fine-tuning and evaluation. */
export interface BatchSplit {
  readonly fineTune: readonly number[];
  readonly evaluation: readonly number[];
}

/**
 * Splits one batch's expert-labelled items (pool indices with their majority label) at random, stratified by
 * label, so each label contributes round(share x count) items to fine-tuning. Only this batch is split: earlier
 * batches' splits never move. TEMPORARY: delegates to `splitExpertLabels` of @borderline/sampling once it lands.
 */
export function splitBatch(
  items: readonly number[],
  labels: readonly (0 | 1)[],
  options: { readonly fineTuneShare: number; readonly seed: string },
): BatchSplit {
  const fineTune: number[] = [];
  const evaluation: number[] = [];
  for (const label of [0, 1] as const) {
    const group = items.filter((_, position) => labels[position] === label);
    createRng(`${options.seed}:${label}`).shuffle(group);
    const take = Math.round(group.length * options.fineTuneShare);
    fineTune.push(...group.slice(0, take));
    evaluation.push(...group.slice(take));
  }
  return { fineTune, evaluation };
}
