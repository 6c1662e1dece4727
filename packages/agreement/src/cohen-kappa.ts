import {
  agreementWeights,
  checkCategories,
  coefficientInterval,
  DEGENERATE_EPSILON,
  UNDEFINED_INTERVAL,
  type UndefinedReason,
  type Weights,
} from './common';
import { confusionMatrix } from './confusion-matrix';

/** Options of Cohen's kappa. */
export interface CohenKappaOptions {
  /** Size of the ordered label set; codes are 0..categories-1, so absent categories still count. */
  readonly categories: number;
  /** Partial credit for near misses on ordered labels; default `none`. */
  readonly weights?: Weights;
}

/** Cohen's kappa with its analytic uncertainty. */
export interface CohenKappaResult {
  /** Pairs compared (both sides present). */
  readonly n: number;
  /**
   * (po - pe) / (1 - pe). NaN exactly when `defined` is false: with no pairs, or when chance agreement is total
   * (both sides used one and the same category), kappa is 0/0 and no value is honest.
   */
  readonly kappa: number;
  /** po: (weighted) share of pairs in agreement; NaN when n = 0. */
  readonly observedAgreement: number;
  /** pe: (weighted) agreement expected from the two marginals; NaN when n = 0. */
  readonly expectedAgreement: number;
  /**
   * Asymptotic standard error (Fleiss, Cohen & Everitt 1969; statsmodels' `var_kappa`, weighted or not), clamped
   * at 0 where rounding makes the variance slightly negative. NaN when undefined.
   */
  readonly standardError: number;
  /** 95% interval: the normal interval (-/+ 1.96 SE) clipped to [-1, 1]; NaN ends when undefined. */
  readonly ci95: readonly [number, number];
  /** The normal interval before clipping (statsmodels' figures); NaN ends when undefined. */
  readonly ci95Unclipped: readonly [number, number];
  readonly defined: boolean;
  readonly reason?: UndefinedReason;
}

/**
 * Cohen's kappa between two annotators' label codes (-1 = missing; such pairs are skipped and not counted).
 * Matches scikit-learn's `cohen_kappa_score(a, b, labels=range(categories), weights=...)` and statsmodels'
 * `cohens_kappa` on the confusion table.
 */
export function cohenKappa(a: Int32Array, b: Int32Array, options: CohenKappaOptions): CohenKappaResult {
  checkCategories('cohenKappa', options.categories);
  const confusion = confusionMatrix(a, b, options.categories);
  const weights = agreementWeights(options.weights ?? 'none', options.categories);
  return kappaFromCounts(confusion.counts, 0, options.categories, weights);
}

/**
 * Reusable buffers and the last result of `kappaInto`: scoring a million pairs allocates nothing per pair.
 * `reason` is 0 when defined, else 1 (`no-items`) or 2 (`single-category`).
 */
export interface KappaScratch {
  readonly rows: Float64Array;
  readonly columns: Float64Array;
  readonly rowMeans: Float64Array;
  readonly columnMeans: Float64Array;
  n: number;
  kappa: number;
  observed: number;
  expected: number;
  standardError: number;
  reason: 0 | 1 | 2;
}

/** Buffers for `kappaInto` over k categories. */
export function kappaScratch(categories: number): KappaScratch {
  return {
    rows: new Float64Array(categories),
    columns: new Float64Array(categories),
    rowMeans: new Float64Array(categories),
    columnMeans: new Float64Array(categories),
    n: 0,
    kappa: Number.NaN,
    observed: Number.NaN,
    expected: Number.NaN,
    standardError: Number.NaN,
    reason: 1,
  };
}

/** The reasons `KappaScratch.reason` codes, by code. */
export const KAPPA_REASONS: readonly (UndefinedReason | undefined)[] = [
  undefined,
  'no-items',
  'single-category',
];

/**
 * Kappa of the k x k confusion matrix at `offset` in `counts` (row-major) with agreement weights `weights`,
 * written into `scratch`: the one implementation behind `cohenKappa` and every pairwise figure.
 */
export function kappaInto(
  counts: Float64Array,
  offset: number,
  categories: number,
  weights: Float64Array,
  scratch: KappaScratch,
): void {
  const k = categories;
  const { rows, columns } = scratch;
  const n = marginalTotals(counts, offset, k, rows, columns);
  scratch.n = n;
  scratch.kappa = Number.NaN;
  scratch.standardError = Number.NaN;
  if (n === 0) {
    scratch.observed = Number.NaN;
    scratch.expected = Number.NaN;
    scratch.reason = 1;
    return;
  }
  weightedAgreementInto(counts, offset, k, weights, n, scratch);
  const { observed, expected } = scratch;
  if (1 - expected <= DEGENERATE_EPSILON) {
    scratch.reason = 2;
    return;
  }
  const kappa = (observed - expected) / (1 - expected);
  const variance = kappaVariance(counts, offset, k, weights, { n, rows, columns, kappa, expected }, scratch);
  scratch.kappa = kappa;
  scratch.standardError = Math.sqrt(Math.max(variance, 0));
  scratch.reason = 0;
}

/** Fills `rows` and `columns` with the row and column sums of the k x k matrix at `offset`; returns the total. */
function marginalTotals(
  counts: Float64Array,
  offset: number,
  k: number,
  rows: Float64Array,
  columns: Float64Array,
): number {
  rows.fill(0);
  columns.fill(0);
  let n = 0;
  for (let row = 0; row < k; row++) {
    for (let column = 0; column < k; column++) {
      const count = counts[offset + row * k + column]!;
      rows[row]! += count;
      columns[column]! += count;
      n += count;
    }
  }
  return n;
}

/**
 * Turns `scratch.rows` / `scratch.columns` (sums) into proportions of `n` and writes the weighted observed and
 * chance-expected agreement into `scratch.observed` / `scratch.expected`.
 */
function weightedAgreementInto(
  counts: Float64Array,
  offset: number,
  k: number,
  weights: Float64Array,
  n: number,
  scratch: KappaScratch,
): void {
  const { rows, columns } = scratch;
  let observed = 0;
  let expected = 0;
  for (let row = 0; row < k; row++) {
    rows[row]! /= n;
    columns[row]! /= n;
  }
  for (let row = 0; row < k; row++) {
    for (let column = 0; column < k; column++) {
      const weight = weights[row * k + column]!;
      observed += (weight * counts[offset + row * k + column]!) / n;
      expected += weight * rows[row]! * columns[column]!;
    }
  }
  scratch.observed = observed;
  scratch.expected = expected;
}

/**
 * Kappa from a confusion matrix stored at `offset` in `counts` (k x k, row-major) with agreement weights `weights`,
 * as a result object.
 */
export function kappaFromCounts(
  counts: Float64Array,
  offset: number,
  categories: number,
  weights: Float64Array,
  scratch: KappaScratch = kappaScratch(categories),
): CohenKappaResult {
  kappaInto(counts, offset, categories, weights, scratch);
  const { n, observed, expected, kappa, standardError } = scratch;
  const reason = KAPPA_REASONS[scratch.reason];
  if (reason !== undefined) return undefinedKappa(n, observed, expected, reason);
  return {
    n,
    kappa,
    observedAgreement: observed,
    expectedAgreement: expected,
    standardError,
    ...coefficientInterval(kappa, standardError),
    defined: true,
  };
}

interface Margins {
  readonly n: number;
  readonly rows: Float64Array;
  readonly columns: Float64Array;
  readonly kappa: number;
  readonly expected: number;
}

/** Fleiss, Cohen & Everitt (1969) large-sample variance of (weighted) kappa, as statsmodels computes it. */
function kappaVariance(
  counts: Float64Array,
  offset: number,
  k: number,
  weights: Float64Array,
  margins: Margins,
  scratch: KappaScratch,
): number {
  const { n, rows, columns, kappa, expected } = margins;
  // Mean weight of each row against the column marginal, and of each column against the row marginal.
  const { rowMeans, columnMeans } = scratch;
  rowMeans.fill(0);
  columnMeans.fill(0);
  for (let row = 0; row < k; row++) {
    for (let column = 0; column < k; column++) {
      const weight = weights[row * k + column]!;
      rowMeans[row]! += columns[column]! * weight;
      columnMeans[column]! += rows[row]! * weight;
    }
  }
  let sum = 0;
  for (let row = 0; row < k; row++) {
    for (let column = 0; column < k; column++) {
      const share = counts[offset + row * k + column]! / n;
      if (share === 0) continue;
      const deviation = weights[row * k + column]! - (rowMeans[row]! + columnMeans[column]!) * (1 - kappa);
      sum += share * deviation * deviation;
    }
  }
  const centre = kappa - expected * (1 - kappa);
  return (sum - centre * centre) / ((1 - expected) * (1 - expected) * n);
}

function undefinedKappa(
  n: number,
  observed: number,
  expected: number,
  reason: UndefinedReason,
): CohenKappaResult {
  return {
    n,
    kappa: Number.NaN,
    observedAgreement: observed,
    expectedAgreement: expected,
    standardError: Number.NaN,
    ci95: UNDEFINED_INTERVAL,
    ci95Unclipped: UNDEFINED_INTERVAL,
    defined: false,
    reason,
  };
}
