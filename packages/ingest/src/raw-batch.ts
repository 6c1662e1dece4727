/** Untyped records read from a file, each with its 1-based line (text formats) or row (Parquet). */
export interface RawBatch {
  readonly records: unknown[];
  readonly places: number[];
  readonly unit: 'line' | 'row';
}

/** How many records a raw reader gathers before handing them on (amortises the async hand-off). */
export const BATCH_SIZE = 2048;
