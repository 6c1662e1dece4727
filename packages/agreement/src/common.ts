import { BorderlineError, invalidArgument } from '@borderline/core';

/**
 * How much partial credit a near miss gets on an ordered label set. `none`: only exact matches agree.
 * `linear`: agreement weight 1 - |i - j| / (k - 1). `quadratic`: 1 - ((i - j) / (k - 1))^2 (equals scikit-learn's
 * and statsmodels' weighted kappa, which use the same distances as disagreement weights).
 */
export type Weights = 'none' | 'linear' | 'quadratic';

/**
 * Why a coefficient has no value. `no-items`: nothing to compare (no pair, or no item with two labels).
 * `single-category`: chance agreement is total (every label in one category, or a one-category label set), so
 * the coefficient is 0/0. `too-few-annotators`: a panel statistic needs at least two annotators.
 */
export type UndefinedReason = 'no-items' | 'single-category' | 'too-few-annotators';

/** The 97.5% quantile of the standard normal: 95% two-sided normal intervals. */
export const Z95 = 1.959963984540054;

/** A normal 95% interval around an estimate: estimate -/+ 1.96 SE, unbounded (statsmodels' form). */
export function normalInterval(estimate: number, standardError: number): readonly [number, number] {
  return [estimate - Z95 * standardError, estimate + Z95 * standardError];
}

/**
 * The interval a coefficient of the kappa family reports: the normal interval clipped to [-1, 1] (an analytic
 * interval can run past 1 near perfect agreement on few items, e.g. [0.229, 1.061], where no value is possible:
 * (po - pe) / (1 - pe) <= 1 always). With weights a coefficient can itself fall below -1 (weighted PABAK of one
 * far miss is -1.25): the lower end is then not clipped, so the interval always holds the estimate. The
 * unclipped ends are kept beside it.
 */
export function coefficientInterval(
  estimate: number,
  standardError: number,
): { readonly ci95: readonly [number, number]; readonly ci95Unclipped: readonly [number, number] } {
  const raw = normalInterval(estimate, standardError);
  return {
    ci95: [clippedLow(estimate, standardError), clippedHigh(estimate, standardError)],
    ci95Unclipped: raw,
  };
}

/** The lower end of `coefficientInterval` (no array: the pairwise columns call it per pair). */
export function clippedLow(estimate: number, standardError: number): number {
  return Math.max(estimate - Z95 * standardError, Math.min(-1, estimate));
}

/** The upper end of `coefficientInterval`. */
export function clippedHigh(estimate: number, standardError: number): number {
  return Math.min(estimate + Z95 * standardError, 1);
}

/** The interval a result carries when it has no value: both ends NaN, flagged by `defined: false`. */
export const UNDEFINED_INTERVAL: readonly [number, number] = Object.freeze([
  Number.NaN,
  Number.NaN,
]) as readonly [number, number];

/** Rounding slack under which chance agreement counts as total (1 - pe is then pure rounding noise). */
export const DEGENERATE_EPSILON = 1e-12;

/** Throws unless `categories` is a positive integer. */
export function checkCategories(component: string, categories: number): void {
  if (!Number.isInteger(categories) || categories < 1) {
    throw invalidArgument(component, `categories must be a positive integer, got ${categories}`);
  }
}

/** Throws unless both label arrays have the same length. */
export function checkSameLength(component: string, a: Int32Array, b: Int32Array): void {
  if (a.length !== b.length) {
    throw invalidArgument(
      component,
      `label arrays differ in length (${a.length} vs ${b.length}); pairs are by index`,
    );
  }
}

/** The error for a code that is neither -1 (missing) nor in 0..categories-1. */
export function codeOutOfRange(
  component: string,
  where: string,
  code: number,
  categories: number,
): BorderlineError {
  return new BorderlineError({
    code: 'invalid-data',
    message: `${component}: ${where}: label code ${code} is outside the label set (expected -1 for missing or 0..${categories - 1})`,
  });
}

/** Throws on the first code outside -1..categories-1; `name` says which array in the message. */
export function checkCodes(component: string, name: string, codes: Int32Array, categories: number): void {
  for (let index = 0; index < codes.length; index++) {
    const code = codes[index]!;
    if (code < -1 || code >= categories)
      throw codeOutOfRange(component, `${name}[${index}]`, code, categories);
  }
}

/**
 * The k x k agreement weights, row-major: 1 on the diagonal, falling with distance for ordered weights.
 * With one category the only weight is 1.
 */
export function agreementWeights(weights: Weights, categories: number): Float64Array {
  const matrix = new Float64Array(categories * categories);
  const span = Math.max(categories - 1, 1);
  for (let row = 0; row < categories; row++) {
    for (let column = 0; column < categories; column++) {
      const distance = Math.abs(row - column) / span;
      matrix[row * categories + column] = weightOf(weights, distance);
    }
  }
  return matrix;
}

function weightOf(weights: Weights, distance: number): number {
  switch (weights) {
    case 'none':
      return distance === 0 ? 1 : 0;
    case 'linear':
      return 1 - distance;
    case 'quadratic':
      return 1 - distance * distance;
    default: {
      const unknown: never = weights;
      throw invalidArgument('agreement', `weights must be none, linear or quadratic, got ${String(unknown)}`);
    }
  }
}
