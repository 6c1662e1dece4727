import { BorderlineError, invalidArgument } from '@borderline/core';
import { checkCategories, codeOutOfRange } from './common';

/**
 * A panel stored item by item (compressed rows): the labels of item `i` sit at positions
 * `itemStart[i] .. itemStart[i + 1] - 1` of `annotator` and `code`, annotators ascending. Memory is O(labels), so
 * 10,000 crowd workers who each labelled a few of 100,000 items fit where an items x annotators matrix (4 GB)
 * would not.
 */
export interface SparsePanel {
  readonly items: number;
  readonly annotators: number;
  readonly categories: number;
  /** items + 1 offsets into `annotator` and `code`. */
  readonly itemStart: Int32Array;
  /** The annotator (0..annotators-1) of each label. */
  readonly annotator: Int32Array;
  /** The label code (0..categories-1) of each label. */
  readonly code: Int32Array;
}

/** Labels as parallel columns (one entry per label), the input form of `sparsePanel`. */
export interface LabelColumns {
  readonly item: Int32Array;
  readonly annotator: Int32Array;
  readonly code: Int32Array;
}

/**
 * The order that sorts labels by item, then annotator, keeping input order among equals (two counting sorts:
 * O(labels + items + annotators), no comparison sort). Callers use it to find an annotator's repeated labels.
 */
export function panelOrder(labels: LabelColumns, items: number, annotators: number): Int32Array {
  const byAnnotator = countingOrder(labels.annotator, annotators, undefined);
  return countingOrder(labels.item, items, byAnnotator);
}

/** A stable counting sort of `order` (default identity) by `keys[order[j]]`, keys in 0..range-1. */
function countingOrder(keys: Int32Array, range: number, order: Int32Array | undefined): Int32Array {
  const starts = new Int32Array(range + 1);
  for (let j = 0; j < keys.length; j++) starts[keys[j]! + 1]!++;
  for (let key = 0; key < range; key++) starts[key + 1]! += starts[key]!;
  const sorted = new Int32Array(keys.length);
  for (let j = 0; j < keys.length; j++) {
    const label = order === undefined ? j : order[j]!;
    sorted[starts[keys[label]!]!++] = label;
  }
  return sorted;
}

/**
 * Builds a sparse panel from label columns. Throws `invalid-argument` on an item or annotator out of range or an
 * annotator labelling one item twice, and `invalid-data` on a code outside 0..categories-1.
 */
export function sparsePanel(
  labels: LabelColumns,
  shape: { readonly items: number; readonly annotators: number; readonly categories: number },
): SparsePanel {
  const { items, annotators, categories } = shape;
  checkCategories('sparsePanel', categories);
  const count = labels.code.length;
  if (labels.item.length !== count || labels.annotator.length !== count) {
    throw invalidArgument('sparsePanel', 'item, annotator and code columns differ in length');
  }
  for (let j = 0; j < count; j++) {
    const item = labels.item[j]!;
    const annotator = labels.annotator[j]!;
    const code = labels.code[j]!;
    if (item >>> 0 >= items)
      throw invalidArgument('sparsePanel', `label ${j}: item ${item} is outside 0..${items - 1}`);
    if (annotator >>> 0 >= annotators) {
      throw invalidArgument(
        'sparsePanel',
        `label ${j}: annotator ${annotator} is outside 0..${annotators - 1}`,
      );
    }
    if (code >>> 0 >= categories) throw codeOutOfRange('sparsePanel', `label ${j}`, code, categories);
  }
  const order = panelOrder(labels, items, annotators);
  const itemStart = new Int32Array(items + 1);
  const annotator = new Int32Array(count);
  const code = new Int32Array(count);
  for (let at = 0; at < count; at++) {
    const j = order[at]!;
    annotator[at] = labels.annotator[j]!;
    code[at] = labels.code[j]!;
    itemStart[labels.item[j]! + 1]!++;
    if (at > 0 && labels.item[order[at - 1]!] === labels.item[j] && annotator[at - 1] === annotator[at]) {
      throw new BorderlineError({
        code: 'invalid-argument',
        message: `sparsePanel: annotator ${annotator[at]} labels item ${labels.item[j]} twice`,
      });
    }
  }
  for (let item = 0; item < items; item++) itemStart[item + 1]! += itemStart[item]!;
  return { items, annotators, categories, itemStart, annotator, code };
}

/** Per item, how many annotators chose each category (items x categories) and how many labelled it. */
export function sparseCategoryCounts(panel: SparsePanel): { counts: Float64Array; raters: Int32Array } {
  const { items, categories: k, itemStart, code } = panel;
  const counts = new Float64Array(items * k);
  const raters = new Int32Array(items);
  for (let item = 0; item < items; item++) {
    const end = itemStart[item + 1]!;
    for (let at = itemStart[item]!; at < end; at++) counts[item * k + code[at]!]!++;
    raters[item] = end - itemStart[item]!;
  }
  return { counts, raters };
}
