import { type PairKappa, pairwiseKappa } from './pairwise-kappa';
import type { WeightedPanelOptions } from './panel';

/** How well a panel agrees with itself: the ceiling a model is measured against. */
export interface InternalAlignment {
  /** Mean pairwise Cohen's kappa over pairs with a defined kappa; NaN when no pair has one. */
  readonly meanPairwiseKappa: number;
  /** Smallest and largest defined pairwise kappa (NaN when none). */
  readonly minKappa: number;
  readonly maxKappa: number;
  /** Pairs with a defined kappa, and all pairs. */
  readonly definedPairs: number;
  readonly totalPairs: number;
  readonly pairs: readonly PairKappa[];
}

/**
 * Internal alignment = mean pairwise Cohen's kappa between annotators (the design's expert ceiling). Pairs that
 * share no item, or whose kappa is 0/0, are left out of the mean and counted in `totalPairs - definedPairs`.
 */
export function internalAlignment(matrix: Int32Array, options: WeightedPanelOptions): InternalAlignment {
  const result = pairwiseKappa(matrix, options);
  let minKappa = Number.POSITIVE_INFINITY;
  let maxKappa = Number.NEGATIVE_INFINITY;
  for (const pair of result.pairs) {
    if (!pair.defined) continue;
    minKappa = Math.min(minKappa, pair.kappa);
    maxKappa = Math.max(maxKappa, pair.kappa);
  }
  const none = result.definedPairs === 0;
  return {
    meanPairwiseKappa: result.meanPairwiseKappa,
    minKappa: none ? Number.NaN : minKappa,
    maxKappa: none ? Number.NaN : maxKappa,
    definedPairs: result.definedPairs,
    totalPairs: result.pairs.length,
    pairs: result.pairs,
  };
}
