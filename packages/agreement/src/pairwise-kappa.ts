import { kappaFromCounts } from './cohen-kappa';
import { agreementWeights, type UndefinedReason } from './common';
import { checkPanel, type PanelShape, type WeightedPanelOptions } from './panel';

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
  readonly ci95: readonly [number, number];
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
 * normal). One pass over the matrix fills all pairs' confusion matrices in one buffer, so 10 annotators x 1M items
 * is one sequential read, not 45.
 */
export function pairwiseKappa(matrix: Int32Array, options: WeightedPanelOptions): PairwiseKappaResult {
  const shape = checkPanel('pairwiseKappa', matrix, options);
  const counts = pairConfusions(matrix, shape);
  const k = shape.categories;
  const weights = agreementWeights(options.weights ?? 'none', k);
  const pairs: PairKappa[] = [];
  let sum = 0;
  let definedPairs = 0;
  let pair = 0;
  for (let first = 0; first < shape.select.length; first++) {
    for (let second = first + 1; second < shape.select.length; second++) {
      const result = kappaFromCounts(counts, pair * k * k, k, weights);
      pairs.push({
        a: shape.select[first]!,
        b: shape.select[second]!,
        n: result.n,
        kappa: result.kappa,
        standardError: result.standardError,
        ci95: result.ci95,
        observedAgreement: result.observedAgreement,
        defined: result.defined,
        ...(result.reason === undefined ? {} : { reason: result.reason }),
      });
      if (result.defined) {
        sum += result.kappa;
        definedPairs++;
      }
      pair++;
    }
  }
  return { pairs, meanPairwiseKappa: definedPairs === 0 ? Number.NaN : sum / definedPairs, definedPairs };
}

/** All pairs' k x k confusion matrices, pair-major in the order pairwiseKappa reports them. */
function pairConfusions(matrix: Int32Array, shape: PanelShape): Float64Array {
  const { items, annotators, categories: k, select } = shape;
  const m = select.length;
  const counts = new Float64Array(((m * (m - 1)) / 2) * k * k);
  const row = new Int32Array(m);
  for (let item = 0; item < items; item++) {
    const base = item * annotators;
    for (let s = 0; s < m; s++) row[s] = matrix[base + select[s]!]!;
    let pairBase = 0;
    for (let first = 0; first < m; first++) {
      const x = row[first]!;
      if (x < 0) {
        pairBase += (m - first - 1) * k * k;
        continue;
      }
      const rowBase = pairBase + x * k;
      for (let second = first + 1; second < m; second++) {
        const y = row[second]!;
        if (y >= 0) counts[rowBase + (second - first - 1) * k * k + y]!++;
      }
      pairBase += (m - first - 1) * k * k;
    }
  }
  return counts;
}
