import { BorderlineError } from '@borderline/core';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';

/** A row as DuckDB returns it. */
export type Row = Record<string, DuckDBValue>;

/** The few operations the store needs from DuckDB, with errors turned into borderline errors. */
export interface Database {
  run(sql: string, values?: DuckDBValue[]): Promise<void>;
  rows(sql: string, values?: DuckDBValue[]): Promise<Row[]>;
  close(): void;
}

// DuckDB's file lock is per process: a second process is refused by DuckDB, a second opening in this process
// is refused here, so both see the same "run is locked" error.
const openedHere = new Set<string>();

/** Opens (or creates) the database file, mapping DuckDB's lock conflict to `run-locked`. */
export async function openDatabase(file: string, readOnly: boolean, runDir: string): Promise<Database> {
  if (openedHere.has(file)) throw lockedError(runDir, 'this process already has it open');
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  try {
    instance = await DuckDBInstance.create(file, readOnly ? { access_mode: 'READ_ONLY' } : { threads: '2' });
    connection = await instance.connect();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const lock = /Could not set lock on file.*?(PID \d+)?\)?/.exec(message);
    if (lock) throw lockedError(runDir, /PID (\d+)/.exec(message)?.[0] ?? 'another process', error);
    throw new BorderlineError({ code: 'io', message: `run store: cannot open ${file}`, cause: error });
  }
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
    close: () => {
      if (closed) return;
      closed = true;
      connection.closeSync();
      instance.closeSync();
      openedHere.delete(file);
    },
  };
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
