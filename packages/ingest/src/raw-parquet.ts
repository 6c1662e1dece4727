import { BorderlineError } from '@borderline/core';
import { DuckDBInstance } from '@duckdb/node-api';
import type { IssueSink } from './issue-sink';
import type { RawBatch } from './raw-records';
import { ABSENT, BROKEN, cellValue } from './raw-records';

/** A SQL string literal (DuckDB takes file paths of table functions as literals). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** One row of column vectors as a JSON-shaped record (built directly: no intermediate row object). */
function rowRecord(
  names: readonly string[],
  columns: readonly (readonly unknown[])[],
  at: number,
  place: { file: string; row: number },
  sink: IssueSink,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (let column = 0; column < names.length; column++) {
    const name = names[column]!;
    const value = cellValue(name, columns[column]![at], place, sink);
    if (value === BROKEN) return undefined;
    if (value !== ABSENT) out[name] = value;
  }
  return out;
}

/** Parquet through DuckDB (embedded, offline), streamed chunk by chunk; rows are numbered from 1. */
export async function* rawParquetBatches(path: string, sink: IssueSink): AsyncGenerator<RawBatch> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    let result: Awaited<ReturnType<typeof connection.stream>>;
    try {
      result = await connection.stream(`SELECT * FROM read_parquet(${sqlString(path)})`);
    } catch (error) {
      throw new BorderlineError({
        code: /No files found|does not exist/i.test(String(error)) ? 'not-found' : 'invalid-data',
        message: `ingest: cannot read Parquet file ${path}: ${error instanceof Error ? error.message : String(error)}`,
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
        const record = rowRecord(names, columns, at, { file: path, row }, sink);
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
