import { BorderlineError } from '@borderline/core';
import { DuckDBInstance } from '@duckdb/node-api';
import type { IssueSink } from './issue-sink';
import { rowRecord } from './parquet-rows';
import type { RawBatch } from './raw-batch';

/** A SQL string literal (DuckDB takes file paths of table functions as literals). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Parquet through DuckDB (embedded, offline), streamed chunk by chunk; rows are numbered from 1. The fallback
 * for what the pure-JS reader cannot decompress (ZSTD, LZ4, ...): DuckDB's per-value string conversion makes it
 * slower on the common files.
 */
export async function* rawParquetBatchesDuckDb(path: string, sink: IssueSink): AsyncGenerator<RawBatch> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    let result: Awaited<ReturnType<typeof connection.stream>>;
    try {
      result = await connection.stream(`SELECT * FROM read_parquet(${sqlString(path)})`);
    } catch (error) {
      throw new BorderlineError({
        code: /No files found|does not exist/i.test(String(error)) ? 'not-found' : 'invalid-data',
        message: `cannot read Parquet file ${path}: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }
    const names = result.columnNames();
    let row = 0;
    // Column vectors, not row objects: DuckDB's per-row JS conversion costs more than the whole read.
    for await (const chunk of result) {
      const columns = names.map((_, column) => chunk.getColumnValues(column));
      const records: unknown[] = [];
      const places: number[] = [];
      const rowCount = chunk.rowCount;
      for (let at = 0; at < rowCount; at++) {
        row++;
        const record = rowRecord(names, columns, at, path, row, sink);
        if (record === undefined) continue;
        records.push(record);
        places.push(row);
      }
      yield { records, places, unit: 'row' };
      if (sink.full) return;
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
