import { BorderlineError } from '@borderline/core';
import {
  type AsyncBuffer,
  asyncBufferFromFile,
  type FileMetaData,
  type ParquetScan,
  parquetMetadataAsync,
  parquetScan,
  parquetSchema,
  type RowGroup,
  type SchemaTree,
} from 'hyparquet';
import type { IssueSink } from './issue-sink';
import { rowRecord, stringFromBytes } from './parquet-rows';
import { decodeStringChunk, isPlainStringChunk } from './parquet-strings';
import { BATCH_SIZE, type RawBatch } from './raw-batch';
import { rawParquetBatchesDuckDb } from './raw-parquet-duckdb';

/** Codecs read without DuckDB (what DuckDB, pandas and pyarrow write by default). */
const PURE_JS_CODECS: ReadonlySet<string> = new Set(['UNCOMPRESSED', 'SNAPPY']);

interface OpenParquet {
  readonly file: AsyncBuffer;
  readonly metadata: FileMetaData;
  readonly scan: ParquetScan;
  readonly columns: readonly SchemaTree[];
}

function unreadable(path: string, error: unknown): BorderlineError {
  const missing = (error as { code?: unknown } | null)?.code === 'ENOENT';
  return new BorderlineError({
    code: missing ? 'not-found' : 'invalid-data',
    message: `cannot read Parquet file ${path}: ${error instanceof Error ? error.message : String(error)}`,
    cause: error,
  });
}

async function openParquet(path: string): Promise<OpenParquet | 'other-codec'> {
  try {
    const file = await asyncBufferFromFile(path);
    const metadata = await parquetMetadataAsync(file);
    const codecs = metadata.row_groups.flatMap((group) => group.columns.map((c) => c.meta_data?.codec));
    if (!codecs.every((codec) => codec !== undefined && PURE_JS_CODECS.has(codec))) return 'other-codec';
    // Strings as DuckDB gives them: JSON columns stay text (cellValue parses `meta`), bad UTF-8 is reported.
    const parsers = { stringFromBytes, jsonFromBytes: stringFromBytes };
    const scan = await parquetScan({ file, metadata, parsers });
    return { file, metadata, scan, columns: parquetSchema(metadata).children };
  } catch (error) {
    throw unreadable(path, error);
  }
}

/** One column of one row group: plain string chunks decoded here, anything else by hyparquet. */
async function readGroupColumn(
  parquet: OpenParquet,
  group: RowGroup,
  rowStart: number,
  column: SchemaTree,
): Promise<ArrayLike<unknown>> {
  const rows = Number(group.num_rows);
  const name = column.element.name;
  const chunks = group.columns.filter((chunk) => chunk.meta_data?.path_in_schema[0] === name);
  const chunk = chunks[0];
  if (chunks.length === 1 && chunk?.meta_data !== undefined && isPlainStringChunk(column.element, chunk)) {
    const meta = chunk.meta_data;
    const start = Number(meta.data_page_offset);
    const bytes = new Uint8Array(await parquet.file.slice(start, start + Number(meta.total_compressed_size)));
    const optional = column.element.repetition_type !== 'REQUIRED';
    const cells = decodeStringChunk(bytes, rows, meta.codec as 'SNAPPY' | 'UNCOMPRESSED', optional);
    if (cells !== undefined) return cells;
  }
  return parquet.scan.readColumn({ column: name, rowStart, rowEnd: rowStart + rows });
}

/**
 * Parquet, streamed a row group at a time; rows are numbered from 1. Plain string columns are decoded straight
 * from their pages; the rest goes through hyparquet (pure JS). DuckDB's reader, which turned each value into a
 * string through its native binding, was slower than JSONL; it stays for codecs hyparquet lacks (ZSTD, LZ4...).
 */
export async function* rawParquetBatches(path: string, sink: IssueSink): AsyncGenerator<RawBatch> {
  const parquet = await openParquet(path);
  if (parquet === 'other-codec') {
    yield* rawParquetBatchesDuckDb(path, sink);
    return;
  }
  const names = parquet.columns.map((column) => column.element.name);
  let rowStart = 0;
  for (const group of parquet.metadata.row_groups) {
    const rows = Number(group.num_rows);
    let columns: ArrayLike<unknown>[];
    try {
      columns = await Promise.all(
        parquet.columns.map((column) => readGroupColumn(parquet, group, rowStart, column)),
      );
    } catch (error) {
      throw unreadable(path, error);
    }
    for (let start = 0; start < rows; start += BATCH_SIZE) {
      const records: unknown[] = [];
      const places: number[] = [];
      for (let at = start; at < Math.min(rows, start + BATCH_SIZE); at++) {
        const row = rowStart + at + 1;
        const record = rowRecord(names, columns, at, path, row, sink);
        if (record === undefined) continue;
        records.push(record);
        places.push(row);
      }
      yield { records, places, unit: 'row' };
      if (sink.full) return;
    }
    rowStart += rows;
  }
}
