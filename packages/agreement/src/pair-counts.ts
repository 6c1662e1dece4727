import { invalidArgument } from '@borderline/core';
import type { PanelShape } from './panel';
import type { SparsePanel } from './sparse-panel';

/** The confusion matrices of the annotator pairs that labelled at least one item in common. */
export interface PairCounts {
  /** Pairs listed (each shares at least one item). */
  readonly pairs: number;
  /** Annotators of each pair, first < second, pairs in (first, second) order. */
  readonly first: Int32Array;
  readonly second: Int32Array;
  /** pairs x categories x categories, row-major per pair; rows are the first annotator's codes. */
  readonly counts: Float64Array;
}

/**
 * Up to this many cells (pairs x categories^2), every pair gets a slot in one dense buffer (one pass, no sort):
 * 1,449 annotators with two categories. Beyond, pairs are found by sorting one key per co-labelled pair.
 */
const DENSE_CELLS = 1 << 22;

/** Most (item, pair) incidences the sorted path holds: one Float64 each (2^28 = 2 GB). */
const MAX_INCIDENCES = 2 ** 28;

/**
 * Every co-labelling pair's confusion matrix. Small panels use a dense buffer of all pairs; large ones (thousands
 * of crowd workers) touch only the pairs that share an item: one key per (item, pair) incidence, sorted on a
 * Float64Array, then counted in runs. Cost O(sum over items of raters^2), never annotators^2.
 */
export function pairCounts(panel: SparsePanel): PairCounts {
  const m = panel.annotators;
  const k = panel.categories;
  return ((m * (m - 1)) / 2) * k * k <= DENSE_CELLS ? densePairCounts(panel) : sortedPairCounts(panel);
}

function densePairCounts(panel: SparsePanel): PairCounts {
  const { items, annotators: m, categories: k, itemStart, annotator, code } = panel;
  const cells = k * k;
  const all = new Float64Array(((m * (m - 1)) / 2) * cells);
  for (let item = 0; item < items; item++) {
    const end = itemStart[item + 1]!;
    for (let p = itemStart[item]!; p < end; p++) {
      const a = annotator[p]!;
      // Slot of pair (a, b) is the pairs before row a, then b - a - 1 along it.
      const rowBase = ((a * (2 * m - a - 1)) / 2 - a - 1) * cells + code[p]! * k;
      for (let q = p + 1; q < end; q++) all[rowBase + annotator[q]! * cells + code[q]!]!++;
    }
  }
  return sharingOnly(all, m, cells);
}

/**
 * Pair confusions straight from a dense items x annotators matrix (the form small panels come in): one
 * sequential pass, all pairs' matrices in one buffer, so 10 annotators x 1M items is one read, not 45.
 */
export function matrixPairCounts(matrix: Int32Array, shape: PanelShape): PairCounts {
  const { items, annotators, categories: k, select } = shape;
  const m = select.length;
  const cells = k * k;
  const all = new Float64Array(((m * (m - 1)) / 2) * cells);
  const row = new Int32Array(m);
  for (let item = 0; item < items; item++) {
    const base = item * annotators;
    for (let s = 0; s < m; s++) row[s] = matrix[base + select[s]!]!;
    let pairBase = 0;
    for (let first = 0; first < m; first++) {
      const x = row[first]!;
      if (x >= 0) {
        const rowBase = pairBase + x * k;
        for (let second = first + 1; second < m; second++) {
          const y = row[second]!;
          if (y >= 0) all[rowBase + (second - first - 1) * cells + y]!++;
        }
      }
      pairBase += (m - first - 1) * cells;
    }
  }
  return sharingOnly(all, m, cells);
}

/** The pairs of a dense all-pairs buffer that share at least one item. */
function sharingOnly(all: Float64Array, m: number, cells: number): PairCounts {
  let pairs = 0;
  const shared = new Uint8Array(all.length / cells);
  for (let pair = 0; pair < shared.length; pair++) {
    for (let cell = 0; cell < cells; cell++) {
      if (all[pair * cells + cell]! > 0) {
        shared[pair] = 1;
        pairs++;
        break;
      }
    }
  }
  const first = new Int32Array(pairs);
  const second = new Int32Array(pairs);
  const counts = new Float64Array(pairs * cells);
  let out = 0;
  let pair = 0;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++, pair++) {
      if (shared[pair] === 0) continue;
      first[out] = a;
      second[out] = b;
      counts.set(all.subarray(pair * cells, pair * cells + cells), out * cells);
      out++;
    }
  }
  return { pairs, first, second, counts };
}

function sortedPairCounts(panel: SparsePanel): PairCounts {
  const cells = panel.categories * panel.categories;
  const keys = sortedIncidenceKeys(panel, incidenceCount(panel));
  return countKeyRuns(keys, panel.annotators, cells);
}

/** How many (item, annotator pair) incidences the panel has; throws past what the sorted path can hold. */
function incidenceCount(panel: SparsePanel): number {
  const { items, itemStart } = panel;
  let incidences = 0;
  for (let item = 0; item < items; item++) {
    const r = itemStart[item + 1]! - itemStart[item]!;
    incidences += (r * (r - 1)) / 2;
  }
  if (incidences > MAX_INCIDENCES) {
    throw invalidArgument(
      'pairwiseKappa',
      `${incidences} (item, annotator pair) incidences exceed ${MAX_INCIDENCES}: too many annotators per item`,
    );
  }
  return incidences;
}

/** One key per (item, pair) incidence, `(a * m + b) * k^2 + cell`, sorted so each pair's keys form one run. */
function sortedIncidenceKeys(panel: SparsePanel, incidences: number): Float64Array {
  const { items, annotators: m, categories: k, itemStart, annotator, code } = panel;
  const cells = k * k;
  // key = (a * m + b) * k^2 + cell: exact in a double while m * k < 9.4e7.
  const keys = new Float64Array(incidences);
  let at = 0;
  for (let item = 0; item < items; item++) {
    const end = itemStart[item + 1]!;
    for (let p = itemStart[item]!; p < end; p++) {
      const base = annotator[p]! * m;
      const row = code[p]! * k;
      for (let q = p + 1; q < end; q++) keys[at++] = (base + annotator[q]!) * cells + row + code[q]!;
    }
  }
  keys.sort();
  return keys;
}

/** Counts sorted incidence keys into one confusion matrix per run (pair). */
function countKeyRuns(keys: Float64Array, m: number, cells: number): PairCounts {
  let pairs = 0;
  let previous = -1;
  for (let j = 0; j < keys.length; j++) {
    const pair = Math.floor(keys[j]! / cells);
    if (pair !== previous) {
      pairs++;
      previous = pair;
    }
  }
  const first = new Int32Array(pairs);
  const second = new Int32Array(pairs);
  const counts = new Float64Array(pairs * cells);
  let out = -1;
  previous = -1;
  for (let j = 0; j < keys.length; j++) {
    const key = keys[j]!;
    const pair = Math.floor(key / cells);
    if (pair !== previous) {
      out++;
      previous = pair;
      first[out] = Math.floor(pair / m);
      second[out] = pair - first[out]! * m;
    }
    counts[out * cells + (key - pair * cells)]!++;
  }
  return { pairs, first, second, counts };
}
