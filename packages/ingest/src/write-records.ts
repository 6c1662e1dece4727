import { type DataIssue, dataError, type Item, type Label } from '@borderline/core';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { writeAtomically } from './atomic-write';
import { fileTypeOf } from './formats';
import { createIssueSink, DEFAULT_MAX_ERRORS, zodIssues } from './issue-sink';
import { sqlString } from './raw-parquet-duckdb';
import { itemSchema, labelSchema } from './schemas';
import { openTextSink, type TextSink } from './text-sink';

/** A column of a flat file: plain text, an integer, or a value stored as JSON text (`meta`). */
export interface Column {
  readonly name: string;
  readonly type: 'text' | 'integer' | 'json';
}

/** The columns of an items file, in order. */
export const ITEM_COLUMNS: readonly Column[] = [
  { name: 'id', type: 'text' },
  { name: 'text', type: 'text' },
  { name: 'meta', type: 'json' },
];

/** The columns of a labels file, in order. */
export const LABEL_COLUMNS: readonly Column[] = [
  { name: 'item', type: 'text' },
  { name: 'annotator', type: 'text' },
  { name: 'role', type: 'text' },
  { name: 'label', type: 'text' },
  { name: 'iteration', type: 'integer' },
  { name: 'meta', type: 'json' },
];

type Records = Iterable<Readonly<Record<string, unknown>>> | AsyncIterable<Readonly<Record<string, unknown>>>;

const FLUSH_CHARS = 1 << 20;

/** Writes one JSON object per line (gzipped for `.gz`), atomically: temp file + rename. */
export async function writeJsonl(path: string, records: Records): Promise<void> {
  const { gzip } = fileTypeOf(path, 'jsonl');
  await writeAtomically(path, async (temporary) => {
    await withTextSink(temporary, gzip, async (sink) => {
      let buffer = '';
      for await (const record of records) {
        buffer += `${JSON.stringify(record)}\n`;
        if (buffer.length >= FLUSH_CHARS) {
          await sink.write(buffer);
          buffer = '';
        }
      }
      await sink.write(buffer);
    });
  });
}

/** Runs `write` on an open sink; closes it on success, and on failure waits for the file to close first. */
async function withTextSink(
  path: string,
  gzip: boolean,
  write: (sink: TextSink) => Promise<void>,
): Promise<void> {
  const sink = openTextSink(path, gzip);
  try {
    await write(sink);
  } catch (error) {
    await sink.abort();
    throw error;
  }
  await sink.close();
}

function cell(value: unknown, column: Column): string {
  if (value === undefined || value === null) return '';
  if (column.type === 'json') return JSON.stringify(value);
  return String(value);
}

/** Writes RFC 4180 CSV with a header of `columns` (`meta` as JSON text), atomically: temp file + rename. */
export async function writeCsv(path: string, records: Records, columns: readonly Column[]): Promise<void> {
  const { gzip } = fileTypeOf(path, 'csv');
  const names = columns.map((column) => column.name);
  await writeAtomically(path, async (temporary) => {
    await withTextSink(temporary, gzip, async (sink) => {
      await sink.write(stringify([names], { record_delimiter: 'unix' }));
      let rows: string[][] = [];
      const flush = async () => {
        await sink.write(stringify(rows, { record_delimiter: 'unix' }));
        rows = [];
      };
      for await (const record of records) {
        rows.push(columns.map((column) => cell(record[column.name], column)));
        if (rows.length >= 4096) await flush();
      }
      await flush();
    });
  });
}

/** Writes a Parquet file through DuckDB (`meta` as JSON text, `iteration` as INTEGER), atomically. */
export async function writeParquet(
  path: string,
  records: Records,
  columns: readonly Column[],
): Promise<void> {
  fileTypeOf(path, 'parquet');
  await writeAtomically(path, async (temporary) => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const ddl = columns.map(
        (column) => `"${column.name}" ${column.type === 'integer' ? 'INTEGER' : 'VARCHAR'}`,
      );
      await connection.run(`CREATE TABLE records (${ddl.join(', ')})`);
      const appender = await connection.createAppender('records');
      for await (const record of records) {
        for (const column of columns) {
          const value = record[column.name];
          if (value === undefined || value === null) appender.appendNull();
          else if (column.type === 'integer') appender.appendInteger(Number(value));
          else appender.appendVarchar(cell(value, column));
        }
        appender.endRow();
      }
      appender.closeSync();
      await connection.run(`COPY records TO ${sqlString(temporary)} (FORMAT parquet)`);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
}

/** Validates records while they stream to a writer; the writer's temp file is dropped if any fails. */
async function* checked<T extends object>(
  path: string,
  records: Iterable<T> | AsyncIterable<T>,
  schema: z.ZodType<T>,
  order: readonly Column[],
): AsyncGenerator<Record<string, unknown>> {
  const sink = createIssueSink(DEFAULT_MAX_ERRORS);
  let row = 0;
  for await (const record of records) {
    row++;
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      for (const issue of zodIssues(parsed.error, record, { file: path, row })) sink.add(issue);
      if (sink.full) break;
      continue;
    }
    // A fixed key order makes every format's output, and so round trips, byte-stable.
    const out: Record<string, unknown> = {};
    for (const column of order) {
      const value = (parsed.data as Record<string, unknown>)[column.name];
      if (value !== undefined) out[column.name] = value;
    }
    yield out;
  }
  if (sink.issues.length > 0) throw dataError(sink.issues as DataIssue[], `not writing ${path}`);
}

async function writeByExtension(path: string, records: Records, columns: readonly Column[]): Promise<void> {
  const { format } = fileTypeOf(path);
  switch (format) {
    case 'jsonl':
      return writeJsonl(path, records);
    case 'csv':
      return writeCsv(path, records, columns);
    case 'parquet':
      return writeParquet(path, records, columns);
    default: {
      const unreachable: never = format;
      throw new Error(`unknown format ${String(unreachable)}`);
    }
  }
}

/** Writes items as JSONL, CSV or Parquet by extension; validates each (rows numbered from 1), atomically. */
export function writeItems(path: string, items: Iterable<Item> | AsyncIterable<Item>): Promise<void> {
  return writeByExtension(path, checked(path, items, itemSchema, ITEM_COLUMNS), ITEM_COLUMNS);
}

/** Writes labels as JSONL, CSV or Parquet by extension; validates each (rows numbered from 1), atomically. */
export function writeLabels(path: string, labels: Iterable<Label> | AsyncIterable<Label>): Promise<void> {
  return writeByExtension(path, checked(path, labels, labelSchema, LABEL_COLUMNS), LABEL_COLUMNS);
}
