import type { FileType } from './formats';
import { describeFound, type IssueSink } from './issue-sink';
import { rawCsvBatches } from './raw-csv';
import { rawJsonlBatches } from './raw-jsonl';
import { rawParquetBatches } from './raw-parquet';

/** Untyped records read from a file, each with its 1-based line (text formats) or row (Parquet). */
export interface RawBatch {
  readonly records: unknown[];
  readonly places: number[];
  readonly unit: 'line' | 'row';
}

/** How many records a raw reader gathers before handing them on (amortises the async hand-off). */
export const BATCH_SIZE = 2048;

/** Streams the untyped records of a file in batches; syntax problems go to `sink`. */
export function rawBatches(path: string, type: FileType, sink: IssueSink): AsyncGenerator<RawBatch> {
  switch (type.format) {
    case 'jsonl':
      return rawJsonlBatches(path, type.gzip, sink);
    case 'csv':
      return rawCsvBatches(path, type.gzip, sink);
    case 'parquet':
      return rawParquetBatches(path, sink);
    default: {
      const unreachable: never = type.format;
      throw new Error(`unknown format ${String(unreachable)}`);
    }
  }
}

/**
 * Flat formats (CSV, Parquet) hold `meta` as JSON text and `iteration` as text or a number; this turns them
 * into the JSON shapes. Empty or null optional cells mean "absent". Returns undefined when `meta` is not JSON.
 */
export function unflatten(
  record: Record<string, unknown>,
  place: { file: string; line?: number; row?: number },
  sink: IssueSink,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const key in record) {
    let value = record[key];
    if (typeof value === 'bigint') value = Number(value);
    if (value === null) continue;
    if ((key === 'meta' || key === 'iteration') && value === '') continue;
    if (key === 'iteration' && typeof value === 'string' && /^\s*-?\d+\s*$/.test(value))
      value = Number(value);
    if (key === 'meta' && typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        sink.add({
          ...place,
          field: 'meta',
          message: 'meta is not JSON',
          expected: 'a JSON object',
          found: describeFound(value),
        });
        return undefined;
      }
    }
    out[key] = value;
  }
  return out;
}
