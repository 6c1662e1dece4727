import type { DataIssue, LabelSet } from '@borderline/core';
import type { ParsedManifest } from './schemas';

/** Items as parallel columns: position `i` is one item. */
export interface ColumnarItems {
  readonly ids: string[];
  readonly texts: string[];
  /** The position of an item id, or -1. */
  indexOf(id: string): number;
}

/** Labels as typed-array columns: position `j` is one label (exact repeats of a label are dropped). */
export interface ColumnarLabels {
  readonly count: number;
  /** Position of the labelled item in `items`. */
  readonly item: Int32Array;
  /** Position of the annotator in `annotators`. */
  readonly annotator: Int32Array;
  readonly annotators: string[];
  /** Index into core's `ROLES`. */
  readonly role: Uint8Array;
  /** Code of the label in the dataset's label set. */
  readonly label: Int32Array;
  /** The curation iteration, -1 when the label has none. */
  readonly iteration: Int32Array;
}

/** A dataset folder in memory, columnar, so 1M items and their labels fit comfortably. */
export interface LoadedDataset {
  readonly dir: string;
  readonly manifest: ParsedManifest;
  readonly labelSet: LabelSet;
  readonly items: ColumnarItems;
  readonly labels: ColumnarLabels;
  /**
   * What `skipInvalid` left out, in reading order: each names file, line (or Parquet row), field and reason
   * (`message`). Empty without `skipInvalid`. Invalid UTF-8 is listed too, though its line is kept (decoded
   * with U+FFFD), as every reader does.
   */
  readonly dropped: readonly DataIssue[];
  /** The conflicts `onConflict` resolved (one per later label of the same annotator and item); empty under `error`. */
  readonly conflicts: readonly DataIssue[];
}

/** A growable Int32 column (doubling), trimmed to size by `finish`. */
export interface Int32Column {
  push(value: number): void;
  /** The value at a position already pushed. */
  at(position: number): number;
  /** Overwrites the value at a position already pushed. */
  set(position: number, value: number): void;
  readonly length: number;
  finish(): Int32Array;
}

/** Creates an empty growable Int32 column. */
export function int32Column(initial = 1024): Int32Column {
  let data = new Int32Array(initial);
  let length = 0;
  return {
    push(value) {
      if (length === data.length) {
        const grown = new Int32Array(data.length * 2);
        grown.set(data);
        data = grown;
      }
      data[length++] = value;
    },
    at: (position) => data[position]!,
    set: (position, value) => {
      data[position] = value;
    },
    get length() {
      return length;
    },
    finish: () => data.slice(0, length),
  };
}
