import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BorderlineError } from '@borderline/core';
import type { ShardManifest } from '@borderline/shards';
import { type Database, openDatabase, stringOf } from './database';
import { makeRunDirectory } from './run-directory';
import { SCHEMA_STATEMENTS, SCHEMA_VERSION } from './schema';
import { checkShardFiles, readShardManifest } from './shard-table';
import { storeContext } from './store-context';
import { ledgerMethods } from './store-ledger-methods';
import { loopMethods } from './store-loop-methods';
import { metaMethods } from './store-meta-methods';
import { modelMethods } from './store-model-methods';
import { poolMethods } from './store-pool-methods';
import { vectorMethods } from './store-vector-methods';
import type { OpenRunStoreOptions, RunStore } from './types';

/** The database file inside a run directory. */
export const RUN_DATABASE = 'run.duckdb';

/**
 * Opens the run store of `dir`. `create` makes a new run (refused when one exists), `open` opens an existing
 * run for writing (taking its lock), `read` opens it read-only. A run another process is writing is refused
 * with a `run-locked` error.
 */
export async function openRunStore(dir: string, options: OpenRunStoreOptions = {}): Promise<RunStore> {
  const runDir = resolve(dir);
  const mode = options.mode ?? 'open';
  const file = join(runDir, RUN_DATABASE);
  if (mode === 'create') {
    if (existsSync(file)) {
      throw new BorderlineError({ code: 'run-state', message: `run store: ${runDir} already holds a run` });
    }
    makeRunDirectory(runDir);
  } else if (!existsSync(file)) {
    throw new BorderlineError({
      code: 'not-found',
      message: `run store: no run at ${runDir} (run "init" first)`,
    });
  }
  const db = await openDatabase(file, mode === 'read', runDir);
  let manifest: ShardManifest | undefined;
  try {
    if (mode === 'create') await createSchema(db);
    else {
      await checkSchema(db, runDir);
      const sharded = await readShardManifest(db);
      if (sharded !== undefined) await checkShardFiles(sharded.manifest, sharded.mtimes);
      manifest = sharded?.manifest;
    }
  } catch (error) {
    db.close();
    throw error;
  }
  return storeOver(db, runDir, mode === 'read', manifest);
}

async function createSchema(db: Database): Promise<void> {
  await db.run('BEGIN TRANSACTION');
  for (const statement of SCHEMA_STATEMENTS) await db.run(statement);
  await db.run('INSERT INTO meta VALUES ($1, $2)', ['schema', JSON.stringify(SCHEMA_VERSION)]);
  await db.run('COMMIT');
}

async function checkSchema(db: Database, runDir: string): Promise<void> {
  const [row] = await db.rows("SELECT value FROM meta WHERE key = 'schema'").catch(() => []);
  const version = row === undefined ? undefined : Number(JSON.parse(stringOf(row.value ?? null) ?? 'null'));
  if (version !== SCHEMA_VERSION) {
    throw new BorderlineError({
      code: 'run-state',
      message: `run store: ${runDir} has schema ${String(version)}, this borderline reads ${SCHEMA_VERSION}`,
    });
  }
}

/** The store over `db`: its method groups, each built over one shared context. */
function storeOver(
  db: Database,
  dir: string,
  readOnly: boolean,
  manifest: ShardManifest | undefined,
): RunStore {
  const ctx = storeContext(db, dir, readOnly, manifest);
  return {
    dir,
    readOnly,
    transaction: ctx.transaction,
    atomically: (work) => ctx.atomic(work),
    close: () => db.close(),
    ...metaMethods(ctx),
    ...poolMethods(ctx),
    ...vectorMethods(ctx),
    ...ledgerMethods(ctx),
    ...loopMethods(ctx),
    ...modelMethods(ctx),
  };
}
