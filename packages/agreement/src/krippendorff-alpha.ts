import { invalidArgument } from '@borderline/core';
import { DEGENERATE_EPSILON, type UndefinedReason } from './common';
import { categoryCounts, checkPanel, type PanelOptions } from './panel';

/**
 * The metric of the labels. `nominal`: any two different categories disagree equally. `ordinal`: disagreement
 * grows with how many values lie between two categories (Krippendorff's rank metric). `interval`: squared
 * difference of codes, i.e. the categories are equally spaced numbers.
 */
export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval';

/** Options of Krippendorff's alpha. */
export interface KrippendorffAlphaOptions extends PanelOptions {
  /** Default `nominal`. */
  readonly level?: MeasurementLevel;
}

/** Krippendorff's alpha with its parts. */
export interface KrippendorffAlphaResult {
  /** 1 - Do / De; NaN exactly when `defined` is false. */
  readonly alpha: number;
  /** Units with at least two labels (the others are not pairable and do not count). */
  readonly units: number;
  /** Pairable values: labels in those units (n in Krippendorff's notation). */
  readonly pairableValues: number;
  readonly observedDisagreement: number;
  readonly expectedDisagreement: number;
  /** False with no pairable unit (`no-items`) or no variation at all (`single-category`: De = 0). */
  readonly defined: boolean;
  readonly reason?: UndefinedReason;
}

/**
 * Krippendorff's alpha for any number of annotators with missing labels, via the coincidence matrix
 * (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
 */
export function krippendorffAlpha(
  matrix: Int32Array,
  options: KrippendorffAlphaOptions,
): KrippendorffAlphaResult {
  const shape = checkPanel('krippendorffAlpha', matrix, options);
  const { counts, raters } = categoryCounts(matrix, shape);
  return alphaFromCounts(counts, raters, shape.categories, options.level ?? 'nominal');
}

/** Krippendorff's alpha from per-item category counts (items x k) and labels per item. */
export function alphaFromCounts(
  counts: Float64Array,
  raters: Int32Array,
  k: number,
  level: MeasurementLevel,
): KrippendorffAlphaResult {
  const coincidence = new Float64Array(k * k);
  let units = 0;
  for (let item = 0; item < raters.length; item++) {
    const m = raters[item]!;
    if (m < 2) continue;
    units++;
    for (let c = 0; c < k; c++) {
      const nc = counts[item * k + c]!;
      if (nc === 0) continue;
      for (let l = 0; l < k; l++) {
        const nl = counts[item * k + l]!;
        coincidence[c * k + l]! += (nc * (c === l ? nl - 1 : nl)) / (m - 1);
      }
    }
  }
  const marginals = new Float64Array(k);
  let n = 0;
  for (let c = 0; c < k; c++) {
    for (let l = 0; l < k; l++) marginals[c]! += coincidence[c * k + l]!;
    n += marginals[c]!;
  }
  if (units === 0) return undefinedAlpha(units, n, 'no-items');
  const distance = squaredDistances(level, marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let l = 0; l < k; l++) {
      observed += coincidence[c * k + l]! * distance[c * k + l]!;
      expected += marginals[c]! * marginals[l]! * distance[c * k + l]!;
    }
  }
  observed /= n;
  expected /= n * (n - 1);
  if (expected <= DEGENERATE_EPSILON) return undefinedAlpha(units, n, 'single-category');
  return {
    alpha: 1 - observed / expected,
    units,
    pairableValues: n,
    observedDisagreement: observed,
    expectedDisagreement: expected,
    defined: true,
  };
}

/** delta^2 between every two categories for a measurement level; ordinal uses the coincidence marginals. */
function squaredDistances(level: MeasurementLevel, marginals: Float64Array): Float64Array {
  const k = marginals.length;
  const distance = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    for (let l = 0; l < k; l++) distance[c * k + l] = distanceOf(level, marginals, c, l);
  }
  return distance;
}

function distanceOf(level: MeasurementLevel, marginals: Float64Array, c: number, l: number): number {
  switch (level) {
    case 'nominal':
      return c === l ? 0 : 1;
    case 'interval':
      return (c - l) * (c - l);
    case 'ordinal': {
      const low = Math.min(c, l);
      const high = Math.max(c, l);
      let between = 0;
      for (let g = low; g <= high; g++) between += marginals[g]!;
      between -= (marginals[c]! + marginals[l]!) / 2;
      return between * between;
    }
    default: {
      const unknown: never = level;
      throw invalidArgument(
        'krippendorffAlpha',
        `level must be nominal, ordinal or interval, got ${String(unknown)}`,
      );
    }
  }
}

function undefinedAlpha(units: number, n: number, reason: UndefinedReason): KrippendorffAlphaResult {
  return {
    alpha: Number.NaN,
    units,
    pairableValues: n,
    observedDisagreement: Number.NaN,
    expectedDisagreement: Number.NaN,
    defined: false,
    reason,
  };
}
