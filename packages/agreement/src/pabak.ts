import {
  agreementWeights,
  checkCategories,
  coefficientInterval,
  UNDEFINED_INTERVAL,
  type UndefinedReason,
  type Weights,
} from './common';
import { confusionMatrix } from './confusion-matrix';

/** Options of PABAK. */
export interface PabakOptions {
  /** Size of the ordered label set (q): chance agreement assumes every category equally likely. */
  readonly categories: number;
  /** Weighted observed agreement for ordered labels; default `none`. */
  readonly weights?: Weights;
}

/** Prevalence- and bias-adjusted kappa. */
export interface PabakResult {
  /** Pairs compared (both sides present). */
  readonly n: number;
  /** (po - pe) / (1 - pe) with uniform marginals; (q po - 1) / (q - 1) unweighted, 2 po - 1 for two categories. */
  readonly pabak: number;
  readonly observedAgreement: number;
  /** Chance agreement under uniform marginals: sum of weights / q^2 (1/q unweighted). */
  readonly expectedAgreement: number;
  /** sqrt(var(po)) / (1 - pe): pe is a constant here, so all uncertainty is in po. 0 when n = 1. */
  readonly standardError: number;
  /** 95% interval: the normal interval (-/+ 1.96 SE) clipped to [-1, 1]; NaN ends when undefined. */
  readonly ci95: readonly [number, number];
  /** The normal interval before clipping (statsmodels' figures); NaN ends when undefined. */
  readonly ci95Unclipped: readonly [number, number];
  /** False with no pairs (`no-items`) or a one-category label set (`single-category`); `pabak` is then NaN. */
  readonly defined: boolean;
  readonly reason?: UndefinedReason;
}

/**
 * PABAK (Byrt, Bishop & Carlin 1993), generalised to q categories. It shows what kappa would be if the classes
 * were balanced: at 95% benign, a high po with a low kappa is the prevalence paradox, and PABAK makes it visible.
 */
export function pabak(a: Int32Array, b: Int32Array, options: PabakOptions): PabakResult {
  checkCategories('pabak', options.categories);
  const k = options.categories;
  const { counts, n } = confusionMatrix(a, b, k);
  if (n === 0 || k < 2) {
    return {
      n,
      pabak: Number.NaN,
      observedAgreement: n === 0 ? Number.NaN : 1,
      expectedAgreement: Number.NaN,
      standardError: Number.NaN,
      ci95: UNDEFINED_INTERVAL,
      ci95Unclipped: UNDEFINED_INTERVAL,
      defined: false,
      reason: (n === 0 ? 'no-items' : 'single-category') satisfies UndefinedReason,
    };
  }
  const weights = agreementWeights(options.weights ?? 'none', k);
  let observed = 0;
  let observedSquares = 0;
  let weightTotal = 0;
  for (let cell = 0; cell < k * k; cell++) {
    const weight = weights[cell]!;
    observed += (weight * counts[cell]!) / n;
    observedSquares += (weight * weight * counts[cell]!) / n;
    weightTotal += weight;
  }
  const expected = weightTotal / (k * k);
  const value = (observed - expected) / (1 - expected);
  const standardError = Math.sqrt(Math.max(observedSquares - observed * observed, 0) / n) / (1 - expected);
  return {
    n,
    pabak: value,
    observedAgreement: observed,
    expectedAgreement: expected,
    standardError,
    ...coefficientInterval(value, standardError),
    defined: true,
  };
}
