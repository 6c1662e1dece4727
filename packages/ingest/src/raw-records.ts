import type { FileType } from './formats';
import type { IssueSink } from './issue-sink';
import type { RawBatch } from './raw-batch';
import { rawCsvBatches } from './raw-csv';
import { rawJsonlBatches } from './raw-jsonl';
import { rawParquetBatches } from './raw-parquet';

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
