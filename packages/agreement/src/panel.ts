import { invalidArgument } from '@borderline/core';
import { checkCategories, codeOutOfRange, type Weights } from './common';

/**
 * A panel: labels of `annotators` annotators on items, as an items x annotators row-major Int32Array
 * (`matrix[item * annotators + annotator]`), -1 where an annotator did not label an item.
 */
export interface PanelOptions {
  /** Number of columns of the matrix. */
  readonly annotators: number;
  /** Size of the ordered label set. */
  readonly categories: number;
  /** Which annotator columns take part, in this order; default all of them. */
  readonly select?: readonly number[];
}

/** Panel options for the kappa family. */
export interface WeightedPanelOptions extends PanelOptions {
  /** Default `none`. */
  readonly weights?: Weights;
}

/** The checked shape of a panel. */
export interface PanelShape {
  readonly items: number;
  readonly annotators: number;
  readonly categories: number;
  /** The participating annotator columns. */
  readonly select: Int32Array;
}

/**
 * Checks a panel matrix against its options and returns its shape. Throws `invalid-argument` when the length is not
 * a multiple of `annotators` or a selected column does not exist, and `invalid-data` on a code outside the set.
 */
export function checkPanel(component: string, matrix: Int32Array, options: PanelOptions): PanelShape {
  const { annotators, categories } = options;
  checkCategories(component, categories);
  if (!Number.isInteger(annotators) || annotators < 1) {
    throw invalidArgument(component, `annotators must be a positive integer, got ${annotators}`);
  }
  if (matrix.length % annotators !== 0) {
    throw invalidArgument(
      component,
      `matrix length ${matrix.length} is not a multiple of annotators (${annotators}); expected items x annotators`,
    );
  }
  const select = Int32Array.from(options.select ?? Array.from({ length: annotators }, (_, index) => index));
  for (const column of select) {
    if (!Number.isInteger(column) || column < 0 || column >= annotators) {
      throw invalidArgument(component, `selected annotator ${column} is outside 0..${annotators - 1}`);
    }
  }
  if (new Set(select).size !== select.length)
    throw invalidArgument(component, 'an annotator is selected twice');
  for (let index = 0; index < matrix.length; index++) {
    const code = matrix[index]!;
    if (code < -1 || code >= categories) {
      const item = Math.floor(index / annotators);
      throw codeOutOfRange(
        component,
        `item ${item}, annotator ${index - item * annotators}`,
        code,
        categories,
      );
    }
  }
  return { items: matrix.length / annotators, annotators, categories, select };
}

/**
 * Per item, how many selected annotators chose each category: an items x categories Float64Array, plus the
 * number of labels per item.
 */
export function categoryCounts(
  matrix: Int32Array,
  shape: PanelShape,
): { counts: Float64Array; raters: Int32Array } {
  const { items, annotators, categories, select } = shape;
  const counts = new Float64Array(items * categories);
  const raters = new Int32Array(items);
  for (let item = 0; item < items; item++) {
    const row = item * annotators;
    for (let s = 0; s < select.length; s++) {
      const code = matrix[row + select[s]!]!;
      if (code < 0) continue;
      counts[item * categories + code]!++;
      raters[item]!++;
    }
  }
  return { counts, raters };
}

/** One annotator's column of a panel (a copy), for the two-annotator functions. */
export function column(matrix: Int32Array, annotators: number, annotator: number): Int32Array {
  const items = matrix.length / annotators;
  const out = new Int32Array(items);
  for (let item = 0; item < items; item++) out[item] = matrix[item * annotators + annotator]!;
  return out;
}
