import { invalidArgument } from '@borderline/core';

/** The file formats ingest reads and writes. */
export type Format = 'jsonl' | 'csv' | 'parquet';

/** A file's format and whether it is gzipped, from its name (`items.jsonl.gz` is JSONL, gzipped). */
export interface FileType {
  readonly format: Format;
  readonly gzip: boolean;
}

/** Detects the format by extension: `.jsonl`/`.ndjson`, `.csv`, `.parquet`, each optionally `.gz` (not Parquet). */
export function fileTypeOf(path: string, format?: Format): FileType {
  const lower = path.toLowerCase();
  const gzip = lower.endsWith('.gz');
  const base = gzip ? lower.slice(0, -3) : lower;
  const detected: Format | undefined =
    format ??
    (base.endsWith('.jsonl') || base.endsWith('.ndjson')
      ? 'jsonl'
      : base.endsWith('.csv')
        ? 'csv'
        : base.endsWith('.parquet')
          ? 'parquet'
          : undefined);
  if (detected === undefined) {
    throw invalidArgument(
      'ingest',
      `${path}: unknown file type (expected .jsonl, .csv or .parquet, optionally .gz)`,
    );
  }
  if (detected === 'parquet' && gzip) {
    throw invalidArgument(
      'ingest',
      `${path}: Parquet compresses internally; a gzipped Parquet file is not read`,
    );
  }
  return { format: detected, gzip };
}
