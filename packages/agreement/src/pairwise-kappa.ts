import { KAPPA_REASONS } from './cohen-kappa';
import { normalInterval, UNDEFINED_INTERVAL, type UndefinedReason } from './common';
import { matrixPairCounts } from './pair-counts';
import { checkPanel, type WeightedPanelOptions } from './panel';
import { kappaColumns, type PairwiseKappaColumns } from './sparse-pairwise-kappa';

/** Cohen's kappa of one pair of annotators, on the items both labelled. */
export interface PairKappa {
  /** Annotator column indices, a < b in the selection's order. */
  readonly a: number;
  readonly b: number;
  /** Items both labelled. */
  readonly n: number;
  /** NaN exactly when `defined` is false (no shared item, or both used a single and the same category). */
  readonly kappa: number;
  readonly standardError: number;
  /** 95% interval clipped to [-1, 1] (see `cohenKappa`). */
  readonly ci95: readonly [number, number];
  /** The normal interval before clipping. */
  readonly ci95Unclipped: readonly [number, number];
  readonly observedAgreement: number;
  readonly defined: boolean;
  readonly reason?: UndefinedReason;
}

/** Every pair's kappa and their mean. */
export interface PairwiseKappaResult {
  /** Pairs in selection order: (0,1), (0,2), ..., (1,2), ... */
  readonly pairs: readonly PairKappa[];
  /** Unweighted mean of kappa over the pairs whose kappa is defined; NaN when none is (`definedPairs` = 0). */
  readonly meanPairwiseKappa: number;
  readonly definedPairs: number;
}

/**
 * Cohen's kappa for every pair of selected annotators, each on the items both labelled (partial overlap is
 * normal), pairs that share no item included (`no-items`). One pass over the matrix fills all pairs' confusion
 * matrices (`matrixPairCounts`), so 10 annotators x 1M items is one sequential read, not 45.
 * For thousands of annotators call `sparsePairwiseKappa` (typed-array columns, co-labelling pairs only).
 */
export function pairwiseKappa(matrix: Int32Array, options: WeightedPanelOptions): PairwiseKappaResult {
  const shape = checkPanel('pairwiseKappa', matrix, options);
  const m = shape.select.length;
  const columns = kappaColumns(matrixPairCounts(matrix, shape), m, shape.categories, {
    ...(options.weights === undefined ? {} : { weights: options.weights }),
  });
  const pairs: PairKappa[] = [];
  let next = 0;
  for (let first = 0; first < m; first++) {
    for (let second = first + 1; second < m; second++) {
      const shared = next < columns.pairs && columns.first[next] === first && columns.second[next] === second;
      const a = shape.select[first]!;
      const b = shape.select[second]!;
      pairs.push(shared ? pairAt(columns, next++, a, b) : noItems(a, b));
    }
  }
  return { pairs, meanPairwiseKappa: columns.meanPairwiseKappa, definedPairs: columns.definedPairs };
}

function pairAt(columns: PairwiseKappaColumns, at: number, a: number, b: number): PairKappa {
  const reason = KAPPA_REASONS[columns.reason[at]!];
  const kappa = columns.kappa[at]!;
  const standardError = columns.standardError[at]!;
  const defined = reason === undefined;
  return {
    a,
    b,
    n: columns.n[at]!,
    kappa,
    standardError,
    ci95: defined ? [columns.ciLow[at]!, columns.ciHigh[at]!] : UNDEFINED_INTERVAL,
    ci95Unclipped: defined ? normalInterval(kappa, standardError) : UNDEFINED_INTERVAL,
    observedAgreement: columns.observedAgreement[at]!,
    defined,
    ...(reason === undefined ? {} : { reason }),
  };
}

function noItems(a: number, b: number): PairKappa {
  return {
    a,
    b,
    n: 0,
    kappa: Number.NaN,
    standardError: Number.NaN,
    ci95: UNDEFINED_INTERVAL,
    ci95Unclipped: UNDEFINED_INTERVAL,
    observedAgreement: Number.NaN,
    defined: false,
    reason: 'no-items',
  };
}
