import { kappaInto, kappaScratch } from './cohen-kappa';
import { agreementWeights, clippedHigh, clippedLow, type Weights } from './common';
import { type PairCounts, pairCounts } from './pair-counts';
import type { SparsePanel } from './sparse-panel';

/** Options of `sparsePairwiseKappa`. */
export interface SparsePairwiseOptions {
  /** Default `none`. */
  readonly weights?: Weights;
  /** Pairs sharing fewer items are left out of the columns and the mean (default 1: every co-labelling pair). */
  readonly minItems?: number;
}

/**
 * Cohen's kappa of every annotator pair that shares at least `minItems` items, as typed-array columns (one entry
 * per pair, pairs in (first, second) order): a million pairs are a few dozen MB, not a million objects.
 */
export interface PairwiseKappaColumns {
  /** Pairs in the columns. */
  readonly pairs: number;
  readonly first: Int32Array;
  readonly second: Int32Array;
  /** Items the pair shares. */
  readonly n: Int32Array;
  /** NaN where `reason` is not 0. */
  readonly kappa: Float64Array;
  readonly standardError: Float64Array;
  /** The 95% interval, clipped to [-1, 1] (see `cohenKappa`); NaN where undefined. */
  readonly ciLow: Float64Array;
  readonly ciHigh: Float64Array;
  readonly observedAgreement: Float64Array;
  /** 0: defined; 2: `single-category` (1, `no-items`, cannot occur: every pair shares an item). */
  readonly reason: Uint8Array;
  /** Mean kappa over the pairs with a defined kappa; NaN when none (`definedPairs` = 0). */
  readonly meanPairwiseKappa: number;
  readonly definedPairs: number;
  /** Pairs that share at least one item, `minItems` aside. */
  readonly sharingPairs: number;
  /** All annotator pairs: annotators x (annotators - 1) / 2. */
  readonly totalPairs: number;
}

/**
 * Pairwise Cohen's kappa on a sparse panel: only pairs that labelled an item in common are touched, so 10,000
 * annotators x 100,000 items costs what their co-labelling costs (see `pairCounts`), with no per-pair object.
 */
export function sparsePairwiseKappa(
  panel: SparsePanel,
  options: SparsePairwiseOptions = {},
): PairwiseKappaColumns {
  return kappaColumns(pairCounts(panel), panel.annotators, panel.categories, options);
}

/** Kappa of every counted pair sharing at least `minItems` items, into typed-array columns. */
export function kappaColumns(
  found: PairCounts,
  m: number,
  k: number,
  options: SparsePairwiseOptions,
): PairwiseKappaColumns {
  const cells = k * k;
  const weights = agreementWeights(options.weights ?? 'none', k);
  const minItems = options.minItems ?? 1;
  const scratch = kappaScratch(k);
  const keep = new Int32Array(found.pairs);
  let pairs = 0;
  for (let pair = 0; pair < found.pairs; pair++) {
    let n = 0;
    for (let cell = 0; cell < cells; cell++) n += found.counts[pair * cells + cell]!;
    if (n >= minItems) keep[pairs++] = pair;
  }
  const columns = emptyColumns(pairs);
  let sum = 0;
  let definedPairs = 0;
  for (let out = 0; out < pairs; out++) {
    const pair = keep[out]!;
    kappaInto(found.counts, pair * cells, k, weights, scratch);
    columns.first[out] = found.first[pair]!;
    columns.second[out] = found.second[pair]!;
    columns.n[out] = scratch.n;
    columns.kappa[out] = scratch.kappa;
    columns.standardError[out] = scratch.standardError;
    columns.observedAgreement[out] = scratch.observed;
    columns.reason[out] = scratch.reason;
    if (scratch.reason === 0) {
      columns.ciLow[out] = clippedLow(scratch.kappa, scratch.standardError);
      columns.ciHigh[out] = clippedHigh(scratch.kappa, scratch.standardError);
      sum += scratch.kappa;
      definedPairs++;
    }
  }
  return {
    pairs,
    ...columns,
    meanPairwiseKappa: definedPairs === 0 ? Number.NaN : sum / definedPairs,
    definedPairs,
    sharingPairs: found.pairs,
    totalPairs: (m * (m - 1)) / 2,
  };
}

function emptyColumns(pairs: number) {
  return {
    first: new Int32Array(pairs),
    second: new Int32Array(pairs),
    n: new Int32Array(pairs),
    kappa: new Float64Array(pairs),
    standardError: new Float64Array(pairs),
    ciLow: new Float64Array(pairs).fill(Number.NaN),
    ciHigh: new Float64Array(pairs).fill(Number.NaN),
    observedAgreement: new Float64Array(pairs),
    reason: new Uint8Array(pairs),
  };
}
