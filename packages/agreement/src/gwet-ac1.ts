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

/** Options of Gwet's AC1 (AC2 when weighted). */
export interface GwetAc1Options {
  /** Size of the ordered label set: q in Gwet's chance term, so absent categories count. */
  readonly categories: number;
  /** `none` gives AC1; linear/quadratic give Gwet's weighted AC2. Default `none`. */
  readonly weights?: Weights;
}

/** Gwet's first-order agreement coefficient, robust to skewed prevalence (the kappa paradox). */
export interface GwetAc1Result {
  /** Units compared: pairs for two annotators; items with at least one label for a panel. */
  readonly n: number;
  /** (pa - pe) / (1 - pe); NaN exactly when `defined` is false (no items, or a one-category label set). */
  readonly ac1: number;
  readonly observedAgreement: number;
  /** Gwet's chance agreement: T_w / (q (q - 1)) * sum_k pi_k (1 - pi_k). */
  readonly expectedAgreement: number;
  /** Gwet's (2008) linearised standard error, with no finite-population correction; 0 when n < 2. */
  readonly standardError: number;
  /** 95% interval: the normal interval (-/+ 1.96 SE) clipped to [-1, 1]; NaN ends when undefined. */
  readonly ci95: readonly [number, number];
  /** The normal interval before clipping (statsmodels' figures); NaN ends when undefined. */
  readonly ci95Unclipped: readonly [number, number];
  readonly defined: boolean;
  readonly reason?: UndefinedReason;
}

/**
 * Gwet's AC1 between two annotators' codes (-1 = missing; such pairs are skipped). Unlike kappa it stays high when
 * raters agree on a rare class being rare, which is why it is reported beside kappa on skewed pools.
 */
export function gwetAc1(a: Int32Array, b: Int32Array, options: GwetAc1Options): GwetAc1Result {
  checkCategories('gwetAc1', options.categories);
  const k = options.categories;
  const confusion = confusionMatrix(a, b, k);
  // Items sharing a (label a, label b) cell contribute identically, so each non-empty cell is one weighted pattern.
  const patterns = new Float64Array(k * k * k);
  const multiplicity = new Float64Array(k * k);
  for (let x = 0; x < k; x++) {
    for (let y = 0; y < k; y++) {
      const cell = x * k + y;
      multiplicity[cell] = confusion.counts[cell]!;
      patterns[cell * k + x]! += 1;
      patterns[cell * k + y]! += 1;
    }
  }
  return gwetFromPatterns(patterns, multiplicity, k, agreementWeights(options.weights ?? 'none', k));
}

/**
 * Gwet's AC1/AC2 on rating patterns: `patterns` holds, per pattern, how many raters chose each category (P x k);
 * `multiplicity` says how many items share that pattern. Follows Gwet (2008, 2014) for any number of raters with
 * missing ratings: agreement over items rated at least twice, chance from all rated items.
 */
export function gwetFromPatterns(
  patterns: Float64Array,
  multiplicity: Float64Array,
  categories: number,
  weights: Float64Array,
): GwetAc1Result {
  const k = categories;
  const count = multiplicity.length;
  const raters = new Float64Array(count);
  const agreement = new Float64Array(count);
  const pi = new Float64Array(k);
  const { n, n2, paSum } = tallyPatterns({ patterns, multiplicity, raters, agreement, pi, k }, weights);
  if (n2 === 0 || k < 2) return undefinedAc1(n, k < 2 ? 'single-category' : 'no-items');
  for (let c = 0; c < k; c++) pi[c]! /= n;
  const chanceScale = gwetChanceScale(weights, k);
  let spread = 0;
  for (let c = 0; c < k; c++) spread += pi[c]! * (1 - pi[c]!);
  const expected = chanceScale * spread;
  const observed = paSum / n2;
  if (1 - expected <= DEGENERATE_EPSILON) return undefinedAc1(n, 'single-category');
  const ac1 = (observed - expected) / (1 - expected);
  const standardError = linearisedStandardError(
    { patterns, multiplicity, raters, agreement, pi, k },
    { n, n2, chanceScale, expected, ac1 },
  );
  return {
    n,
    ac1,
    observedAgreement: observed,
    expectedAgreement: expected,
    standardError,
    ...coefficientInterval(ac1, standardError),
    defined: true,
  };
}

interface PatternTable {
  readonly patterns: Float64Array;
  readonly multiplicity: Float64Array;
  readonly raters: Float64Array;
  readonly agreement: Float64Array;
  readonly pi: Float64Array;
  readonly k: number;
}

interface Ac1Estimate {
  readonly n: number;
  readonly n2: number;
  readonly chanceScale: number;
  readonly expected: number;
  readonly ac1: number;
}

/**
 * One pass over the patterns: fills `raters` (ratings per pattern), `agreement` (each pattern's weighted pairwise
 * agreement, for patterns rated at least twice) and `pi` (unnormalised category shares); returns the rated items
 * `n`, the items rated at least twice `n2` and their summed agreement `paSum`.
 */
function tallyPatterns(
  table: PatternTable,
  weights: Float64Array,
): { readonly n: number; readonly n2: number; readonly paSum: number } {
  const { patterns, multiplicity, raters, agreement, pi, k } = table;
  let n = 0;
  let n2 = 0;
  let paSum = 0;
  for (let p = 0; p < multiplicity.length; p++) {
    const m = multiplicity[p]!;
    let total = 0;
    for (let c = 0; c < k; c++) total += patterns[p * k + c]!;
    raters[p] = total;
    if (m === 0 || total === 0) continue;
    n += m;
    for (let c = 0; c < k; c++) pi[c]! += (m * patterns[p * k + c]!) / total;
    if (total < 2) continue;
    agreement[p] = patternAgreement(patterns, p, k, weights) / (total * (total - 1));
    n2 += m;
    paSum += m * agreement[p]!;
  }
  return { n, n2, paSum };
}

/** Gwet's chance scale T_w / (q (q - 1)): the weights' total over the ordered pairs of distinct categories. */
function gwetChanceScale(weights: Float64Array, k: number): number {
  let weightTotal = 0;
  for (let cell = 0; cell < k * k; cell++) weightTotal += weights[cell]!;
  return weightTotal / (k * (k - 1));
}

/** Gwet's variance: each unit's linearised AC1 (its own agreement, corrected for its pull on chance). */
function linearisedStandardError(table: PatternTable, estimate: Ac1Estimate): number {
  const { patterns, multiplicity, raters, agreement, pi, k } = table;
  const { n, n2, chanceScale, expected, ac1 } = estimate;
  if (n < 2) return 0;
  let squares = 0;
  for (let p = 0; p < multiplicity.length; p++) {
    const m = multiplicity[p]!;
    const total = raters[p]!;
    if (m === 0 || total === 0) continue;
    let unitChance = 0;
    for (let c = 0; c < k; c++) unitChance += patterns[p * k + c]! * (1 - pi[c]!);
    unitChance = (chanceScale * unitChance) / total;
    const unit = total >= 2 ? ((n / n2) * (agreement[p]! - expected)) / (1 - expected) : 0;
    const linearised = unit - (2 * (1 - ac1) * (unitChance - expected)) / (1 - expected);
    squares += m * (linearised - ac1) * (linearised - ac1);
  }
  return Math.sqrt(squares / (n * (n - 1)));
}

/** sum_c r_c (r*_c - 1) for one pattern, r*_c being the weighted count of ratings that agree with category c. */
function patternAgreement(patterns: Float64Array, p: number, k: number, weights: Float64Array): number {
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const r = patterns[p * k + c]!;
    if (r === 0) continue;
    let weighted = 0;
    for (let l = 0; l < k; l++) weighted += weights[c * k + l]! * patterns[p * k + l]!;
    sum += r * (weighted - 1);
  }
  return sum;
}

function undefinedAc1(n: number, reason: UndefinedReason): GwetAc1Result {
  return {
    n,
    ac1: Number.NaN,
    observedAgreement: Number.NaN,
    expectedAgreement: Number.NaN,
    standardError: Number.NaN,
    ci95: UNDEFINED_INTERVAL,
    ci95Unclipped: UNDEFINED_INTERVAL,
    defined: false,
    reason,
  };
}
