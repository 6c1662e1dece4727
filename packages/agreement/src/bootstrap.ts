import { createRng, invalidArgument, type Seed } from '@borderline/core';
import { kappaFromCounts } from './cohen-kappa';
import {
  agreementWeights,
  checkCategories,
  UNDEFINED_INTERVAL,
  type UndefinedReason,
  type Weights,
} from './common';
import { confusionMatrix } from './confusion-matrix';

/** Options of the bootstrap interval for Cohen's kappa. */
export interface BootstrapKappaOptions {
  readonly categories: number;
  /** Default `none`. */
  readonly weights?: Weights;
  /** Number of resamples; default 1000. Cost is resamples x n draws. */
  readonly resamples?: number;
  /** Seed of the resampling: same seed, same interval. */
  readonly seed: Seed;
}

/** A percentile bootstrap interval for Cohen's kappa. */
export interface BootstrapKappaResult {
  /** Pairs compared in the original data. */
  readonly n: number;
  /** Kappa on the original data (NaN when `defined` is false). */
  readonly kappa: number;
  /** 2.5% and 97.5% percentiles (linear interpolation) of kappa over the resamples where it is defined. */
  readonly ci95: readonly [number, number];
  /** Standard deviation of the defined resampled kappas. */
  readonly standardError: number;
  readonly resamples: number;
  /** Resamples whose kappa was undefined (all pairs in one category) and so left out of the percentiles. */
  readonly undefinedResamples: number;
  readonly defined: boolean;
  readonly reason?: UndefinedReason;
}

/**
 * Percentile bootstrap CI of Cohen's kappa, resampling pairs with replacement. Kappa depends on the pairs only
 * through the confusion matrix, so each resample draws n cells from the observed cell shares (same law as
 * resampling pairs) and reuses one k x k buffer: no per-draw allocation.
 */
export function bootstrapKappaCi(
  a: Int32Array,
  b: Int32Array,
  options: BootstrapKappaOptions,
): BootstrapKappaResult {
  checkCategories('bootstrapKappaCi', options.categories);
  const resamples = options.resamples ?? 1000;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw invalidArgument('bootstrapKappaCi', `resamples must be a positive integer, got ${resamples}`);
  }
  const k = options.categories;
  const weights = agreementWeights(options.weights ?? 'none', k);
  const { counts, n } = confusionMatrix(a, b, k);
  const point = kappaFromCounts(counts, 0, k, weights);
  if (!point.defined) return undefinedBootstrap(n, resamples, point.reason ?? 'no-items');
  const cumulative = cumulativeCells(counts);
  const rng = createRng(options.seed);
  const buffer = new Float64Array(k * k);
  const values = new Float64Array(resamples);
  let defined = 0;
  for (let resample = 0; resample < resamples; resample++) {
    buffer.fill(0);
    for (let draw = 0; draw < n; draw++) buffer[findCell(cumulative, rng.int(0, n))]!++;
    const kappa = kappaFromCounts(buffer, 0, k, weights).kappa;
    if (!Number.isNaN(kappa)) values[defined++] = kappa;
  }
  const kept = values.subarray(0, defined).sort();
  return {
    n,
    kappa: point.kappa,
    ci95: defined === 0 ? UNDEFINED_INTERVAL : [quantile(kept, 0.025), quantile(kept, 0.975)],
    standardError: standardDeviation(kept),
    resamples,
    undefinedResamples: resamples - defined,
    defined: true,
  };
}

/** cumulative[c] = number of pairs in cells 0..c. */
function cumulativeCells(counts: Float64Array): Float64Array {
  const cumulative = new Float64Array(counts.length);
  let total = 0;
  for (let cell = 0; cell < counts.length; cell++) {
    total += counts[cell]!;
    cumulative[cell] = total;
  }
  return cumulative;
}

/** The first cell whose cumulative count exceeds `draw` (binary search). */
function findCell(cumulative: Float64Array, draw: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cumulative[middle]! > draw) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Type-7 quantile (linear interpolation) of sorted values. */
function quantile(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

function standardDeviation(values: Float64Array): number {
  if (values.length < 2) return 0;
  let mean = 0;
  for (const value of values) mean += value / values.length;
  let squares = 0;
  for (const value of values) squares += (value - mean) * (value - mean);
  return Math.sqrt(squares / (values.length - 1));
}

function undefinedBootstrap(n: number, resamples: number, reason: UndefinedReason): BootstrapKappaResult {
  return {
    n,
    kappa: Number.NaN,
    ci95: UNDEFINED_INTERVAL,
    standardError: Number.NaN,
    resamples,
    undefinedResamples: resamples,
    defined: false,
    reason,
  };
}
