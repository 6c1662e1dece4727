import { invalidArgument } from '@borderline/core';
import { checkCategories, DEGENERATE_EPSILON, type UndefinedReason } from './common';
import { categoryCounts, checkPanel, type PanelOptions } from './panel';

/** Fleiss' kappa for a fixed number of raters per item. */
export interface FleissKappaResult {
  /** (P - Pe) / (1 - Pe); NaN exactly when `defined` is false. */
  readonly kappa: number;
  /** Items used: those every selected annotator labelled (`fleissItems` in reports). */
  readonly items: number;
  /** Raters per item. */
  readonly raters: number;
  /** P: mean pairwise agreement within items. */
  readonly observedAgreement: number;
  /** Pe: sum of squared category shares. */
  readonly expectedAgreement: number;
  /** Standard error under the null of no agreement (Fleiss, Nee & Landis 1979); NaN when undefined. */
  readonly standardErrorNull: number;
  readonly defined: boolean;
  readonly reason?: UndefinedReason;
}

/**
 * Fleiss' kappa over the items that every selected annotator labelled (items with a missing label are dropped,
 * since Fleiss assumes the same number of ratings per item). Matches statsmodels' `fleiss_kappa`.
 */
export function fleissKappa(matrix: Int32Array, options: PanelOptions): FleissKappaResult {
  const shape = checkPanel('fleissKappa', matrix, options);
  const { counts, raters } = categoryCounts(matrix, shape);
  return fleissOfCompleteItems(counts, raters, shape.select.length, shape.categories);
}

/**
 * Fleiss' kappa over the items of an items x categories count table that all `m` annotators labelled
 * (`raters[item] === m`). Compacts `counts` in place.
 */
export function fleissOfCompleteItems(
  counts: Float64Array,
  raters: Int32Array,
  m: number,
  k: number,
): FleissKappaResult {
  let kept = 0;
  for (let item = 0; item < raters.length; item++) {
    if (raters[item] !== m) continue;
    counts.copyWithin(kept * k, item * k, item * k + k);
    kept++;
  }
  return fleissFromTable(counts.subarray(0, kept * k), kept, m, k);
}

/**
 * Fleiss' kappa from an items x categories table of counts (statsmodels' input form). Every row must sum to the
 * same number of raters; throws `invalid-argument` otherwise.
 */
export function fleissKappaFromCounts(
  counts: Float64Array,
  options: { readonly categories: number },
): FleissKappaResult {
  checkCategories('fleissKappaFromCounts', options.categories);
  const k = options.categories;
  if (counts.length % k !== 0) {
    throw invalidArgument('fleissKappaFromCounts', `table length ${counts.length} is not a multiple of ${k}`);
  }
  const items = counts.length / k;
  let m = -1;
  for (let item = 0; item < items; item++) {
    let total = 0;
    for (let c = 0; c < k; c++) total += counts[item * k + c]!;
    if (m === -1) m = total;
    else if (total !== m) {
      throw invalidArgument('fleissKappaFromCounts', `item ${item} has ${total} ratings, item 0 has ${m}`);
    }
  }
  return fleissFromTable(counts, items, Math.max(m, 0), k);
}

function fleissFromTable(counts: Float64Array, items: number, m: number, k: number): FleissKappaResult {
  const reason: UndefinedReason | undefined =
    m < 2 ? 'too-few-annotators' : items === 0 ? 'no-items' : undefined;
  if (reason !== undefined) return undefinedFleiss(items, m, reason, Number.NaN, Number.NaN);
  const shares = new Float64Array(k);
  let agreement = 0;
  for (let item = 0; item < items; item++) {
    let squares = 0;
    for (let c = 0; c < k; c++) {
      const count = counts[item * k + c]!;
      squares += count * count;
      shares[c]! += count / (items * m);
    }
    agreement += (squares - m) / (m * (m - 1));
  }
  const observed = agreement / items;
  let expected = 0;
  let spread = 0;
  let skew = 0;
  for (let c = 0; c < k; c++) {
    const p = shares[c]!;
    expected += p * p;
    spread += p * (1 - p);
    skew += p * (1 - p) * (1 - 2 * p);
  }
  if (1 - expected <= DEGENERATE_EPSILON)
    return undefinedFleiss(items, m, 'single-category', observed, expected);
  const nullVariance = (2 * (spread * spread - skew)) / (items * m * (m - 1) * spread * spread);
  return {
    kappa: (observed - expected) / (1 - expected),
    items,
    raters: m,
    observedAgreement: observed,
    expectedAgreement: expected,
    standardErrorNull: Math.sqrt(Math.max(nullVariance, 0)),
    defined: true,
  };
}

function undefinedFleiss(
  items: number,
  raters: number,
  reason: UndefinedReason,
  observed: number,
  expected: number,
): FleissKappaResult {
  return {
    kappa: Number.NaN,
    items,
    raters,
    observedAgreement: observed,
    expectedAgreement: expected,
    standardErrorNull: Number.NaN,
    defined: false,
    reason,
  };
}
