import { BorderlineError } from '@borderline/core';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';

/** A row as DuckDB returns it. */
export type Row = Record<string, DuckDBValue>;

/** The few operations the store needs from DuckDB, with errors turned into borderline errors. */
export interface Database {
  run(sql: string, values?: DuckDBValue[]): Promise<void>;
  rows(sql: string, values?: DuckDBValue[]): Promise<Row[]>;
  /**
   * Bulk-inserts rows through DuckDB's appender (about 60x faster than multi-row INSERTs; it joins the open
   * transaction). `columns` gives each column's type, in table order.
   */
  append(
    table: string,
    columns: readonly AppendColumn[],
    rows: readonly (readonly AppendValue[])[],
  ): Promise<void>;
  close(): void;
}

/** Column types the store appends. */
export type AppendColumn = 'integer' | 'varchar';

/** A cell to append: a number (integer columns), a string (varchar columns), or null. */
export type AppendValue = number | string | null;

/**
 * `select` (e.g. `SELECT idx, id FROM items`) restricted to rows whose `column` is one of `values` (distinct
 * values, 1,000 per query, so a long list never makes one huge statement), and to rows meeting `also.where` when
 * given (its placeholders `$1`, `$2`, ... take `also.params`; the values' placeholders are numbered after them).
 * Rows come in no particular order.
 */
export async function rowsWhereIn(
  db: Database,
  select: string,
  column: string,
  values: readonly (number | string)[],
  also?: { readonly where: string; readonly params: readonly DuckDBValue[] },
): Promise<Row[]> {
  const wanted = [...new Set(values)];
  const before = also?.params ?? [];
  const where = also === undefined ? '' : `(${also.where}) AND `;
  const rows: Row[] = [];
  for (let at = 0; at < wanted.length; at += 1000) {
    const part = wanted.slice(at, at + 1000);
    const placeholders = part.map((_, index) => `$${before.length + index + 1}`).join(', ');
    rows.push(
      ...(await db.rows(`${select} WHERE ${where}${column} IN (${placeholders})`, [...before, ...part])),
    );
  }
  return rows;
}

// DuckDB's file lock is per process: a second process is refused by DuckDB, a second opening in this process
// is refused here, so both see the same "run is locked" error.
const openedHere = new Set<string>();

/** Opens (or creates) the database file, mapping DuckDB's lock conflict to `run-locked`. */
export async function openDatabase(file: string, readOnly: boolean, runDir: string): Promise<Database> {
  if (openedHere.has(file)) throw lockedError(runDir, 'this process already has it open');
  const { instance, connection } = await connect(file, readOnly, runDir);
  openedHere.add(file);
  let closed = false;
  return {
    run: async (sql, values) => {
      await wrap(sql, () => connection.run(sql, values));
    },
    rows: async (sql, values) => {
      const reader = await wrap(sql, () => connection.runAndReadAll(sql, values));
      return reader.getRowObjects();
    },
    append: async (table, columns, rows) => {
      await wrap(`APPEND ${table}`, () => appendRows(connection, table, columns, rows));
    },
    close: () => {
      if (closed) return;
      closed = true;
      connection.closeSync();
      instance.closeSync();
      openedHere.delete(file);
    },
  };
}

/** Opens the DuckDB instance and its connection; DuckDB's lock conflict becomes `run-locked`. */
async function connect(
  file: string,
  readOnly: boolean,
  runDir: string,
): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  try {
    const instance = await DuckDBInstance.create(
      file,
      readOnly ? { access_mode: 'READ_ONLY' } : { threads: '2' },
    );
    return { instance, connection: await instance.connect() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const lock = /Could not set lock on file.*?(PID \d+)?\)?/.exec(message);
    if (lock) throw lockedError(runDir, /PID (\d+)/.exec(message)?.[0] ?? 'another process', error);
    throw new BorderlineError({ code: 'io', message: `run store: cannot open ${file}`, cause: error });
  }
}

/** Appends rows to a table through one appender, flushed and closed before returning. */
async function appendRows(
  connection: DuckDBConnection,
  table: string,
  columns: readonly AppendColumn[],
  rows: readonly (readonly AppendValue[])[],
): Promise<void> {
  const appender = await connection.createAppender(table);
  try {
    for (const row of rows) {
      columns.forEach((column, index) => {
        const value = row[index] ?? null;
        if (value === null) appender.appendNull();
        else if (column === 'integer') appender.appendInteger(value as number);
        else appender.appendVarchar(value as string);
      });
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function lockedError(runDir: string, holder: string, cause?: unknown): BorderlineError {
  return new BorderlineError({
    code: 'run-locked',
    message: `run is locked: ${runDir} is being written by ${holder}; wait for it to finish (or stop it), then retry`,
    cause,
  });
}

async function wrap<T>(sql: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (BorderlineError.is(error)) throw error;
    const statement = sql.trim().split(/\s+/).slice(0, 4).join(' ');
    throw new BorderlineError({ code: 'io', message: `run store: "${statement} ..." failed`, cause: error });
  }
}

/** A JS number from an INTEGER/BIGINT/DOUBLE cell. */
export function numberOf(value: DuckDBValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new BorderlineError({
    code: 'internal',
    message: `run store: expected a number, got ${String(value)}`,
  });
}

/** A string from a VARCHAR cell (undefined for NULL). */
export function stringOf(value: DuckDBValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : String(value);
}
