import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BorderlineError, type Item } from '@borderline/core';
import { type IterationRecord, parseCurationState } from '@borderline/loop';
import type { ShardManifest } from '@borderline/shards';
import { type Database, numberOf, openDatabase, stringOf } from './database';
import { importDatasetLabels } from './dataset-labels';
import { appendLabels, findBatch, listBatches, readLabels, retractLabel } from './ledger';
import { readModelFile, writeModelFile } from './model-files';
import { type PoolItems, shardItems, tableItems } from './pool-items';
import { makeRunDirectory } from './run-directory';
import { SCHEMA_STATEMENTS, SCHEMA_VERSION } from './schema';
import { checkShardFiles, readShardManifest, writeShardManifest } from './shard-table';
import type { ModelVersionRecord, OpenRunStoreOptions, RunStore } from './types';
import {
  embeddedCount,
  predictedCount,
  readEmbeddings,
  readPredictions,
  writeEmbeddings,
  writePredictions,
} from './vectors';

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

function storeOver(
  db: Database,
  dir: string,
  readOnly: boolean,
  manifest: ShardManifest | undefined,
): RunStore {
  let depth = 0;
  let sharded = manifest;
  let pool: PoolItems = sharded === undefined ? tableItems(db) : shardItems(sharded);
  const writable = (what: string) => {
    if (readOnly)
      throw new BorderlineError({ code: 'internal', message: `run store: ${what} on a read-only run` });
  };
  // A single write outside `transaction` still commits atomically.
  const atomic = async <T>(work: () => Promise<T>): Promise<T> =>
    depth > 0 ? work() : store.transaction(work);

  const store: RunStore = {
    dir,
    readOnly,
    transaction: async (work) => {
      if (depth > 0)
        throw new BorderlineError({ code: 'internal', message: 'run store: transactions do not nest' });
      writable('a transaction');
      depth++;
      await db.run('BEGIN TRANSACTION');
      try {
        const result = await work();
        await db.run('COMMIT');
        return result;
      } catch (error) {
        await db.run('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        depth--;
      }
    },
    atomically: (work) => atomic(work),
    close: () => db.close(),

    getMeta: async <T>(key: string) => {
      const [row] = await db.rows('SELECT value FROM meta WHERE key = $1', [key]);
      const text = row === undefined ? undefined : stringOf(row.value ?? null);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    setMeta: (key, value) =>
      atomic(() => db.run('INSERT OR REPLACE INTO meta VALUES ($1, $2)', [key, JSON.stringify(value)])),

    insertItems: (items) => {
      if (sharded !== undefined) throw poolIsSharded('insertItems');
      return atomic(() => insertItems(db, items));
    },
    itemCount: () => pool.count(),
    itemsAt: (indices) => pool.itemsAt(indices),
    indicesOf: (ids) => pool.indicesOf(ids),
    shardManifest: () => sharded,
    writeShardManifest: async (next) => {
      if (sharded !== undefined || (await tableItems(db).count()) > 0) {
        throw new BorderlineError({ code: 'run-state', message: `run store: ${dir} already has its pool` });
      }
      await atomic(() => writeShardManifest(db, next));
      sharded = next;
      pool = shardItems(next);
    },
    readItems: async () => {
      if (sharded !== undefined) throw poolIsSharded('readItems');
      return (await db.rows('SELECT id, text, meta FROM items ORDER BY idx')).map((row): Item => {
        const meta = stringOf(row.meta ?? null);
        const item = { id: stringOf(row.id ?? null) ?? '', text: stringOf(row.text ?? null) ?? '' };
        return meta === undefined ? item : { ...item, meta: JSON.parse(meta) as Record<string, unknown> };
      });
    },

    writePredictions: (version, start, scores) => atomic(() => writePredictions(db, version, start, scores)),
    predictedCount: (version) => predictedCount(db, version),
    readPredictions: (version, count) => readPredictions(db, version, count),
    writeEmbeddings: (embedder, start, dimensions, rows) =>
      atomic(() => writeEmbeddings(db, embedder, start, dimensions, rows)),
    embeddedCount: (embedder) => embeddedCount(db, embedder),
    readEmbeddings: (embedder, count, dimensions) => readEmbeddings(db, embedder, count, dimensions),

    appendLabels: (labels, batch) => atomic(() => appendLabels(db, labels, batch)),
    importDatasetLabels: async (options) => {
      if (sharded === undefined) {
        throw new BorderlineError({
          code: 'run-state',
          message: `run store: ${dir} is not sharded: its dataset's labels come with its items`,
        });
      }
      const manifest = sharded;
      return atomic(() => importDatasetLabels(db, manifest, options));
    },
    retractLabel: (key, where) => atomic(() => retractLabel(db, key, where)),
    findBatch: (sha256) => findBatch(db, sha256),
    batches: () => listBatches(db),
    readLabels: (filter) => readLabels(db, filter?.role),

    writeSelection: (iteration, entries) =>
      atomic(async () => {
        for (const entry of entries) {
          await db.run('INSERT INTO selections VALUES ($1, $2, $3, $4)', [
            iteration,
            entry.rank,
            entry.item,
            entry.reason ?? null,
          ]);
        }
      }),
    readSelection: async (iteration) =>
      (
        await db.rows('SELECT rank, item, reason FROM selections WHERE iteration = $1 ORDER BY rank', [
          iteration,
        ])
      ).map((row) => {
        const reason = stringOf(row.reason ?? null);
        const entry = { rank: numberOf(row.rank ?? null), item: stringOf(row.item ?? null) ?? '' };
        return reason === undefined ? entry : { ...entry, reason };
      }),

    writeIteration: (iteration, record) =>
      atomic(() =>
        db.run('INSERT OR REPLACE INTO iterations VALUES ($1, $2)', [iteration, JSON.stringify(record)]),
      ),
    readIterations: async () =>
      (await db.rows('SELECT iteration, record FROM iterations ORDER BY iteration')).map((row) => ({
        iteration: numberOf(row.iteration ?? null),
        record: JSON.parse(stringOf(row.record ?? null) ?? 'null') as IterationRecord,
      })),

    saveModel: (model) => atomic(() => saveModel(db, dir, model)),
    models: async () => (await db.rows('SELECT * FROM model_versions ORDER BY version')).map(modelOf),
    readModelBytes: async (version) => {
      const [row] = await db.rows('SELECT * FROM model_versions WHERE version = $1', [version]);
      const record = row === undefined ? undefined : modelOf(row);
      if (record?.file === undefined || record.sha256 === undefined) {
        throw new BorderlineError({
          code: 'not-found',
          message: `run store: model version ${version} has no file`,
        });
      }
      return readModelFile(dir, record.file, record.sha256);
    },

    getResponse: async (key) => {
      const [row] = await db.rows('SELECT value FROM responses WHERE key = $1', [key]);
      return row === undefined ? undefined : stringOf(row.value ?? null);
    },
    setResponse: (key, value) =>
      atomic(() => db.run('INSERT OR REPLACE INTO responses VALUES ($1, $2)', [key, value])),

    writeLoopState: (state) =>
      atomic(() =>
        db.run('INSERT OR REPLACE INTO loop_state VALUES (1, $1, $2)', [
          JSON.stringify(state),
          new Date().toISOString(),
        ]),
      ),
    readLoopState: async () => {
      const [row] = await db.rows('SELECT state FROM loop_state WHERE id = 1');
      const text = row === undefined ? undefined : stringOf(row.state ?? null);
      return text === undefined ? undefined : parseCurationState(text);
    },
  };
  return store;
}

function poolIsSharded(what: string): BorderlineError {
  return new BorderlineError({
    code: 'internal',
    message: `run store: ${what} on a sharded run (its pool stays in its shard files; read it by index)`,
  });
}

async function insertItems(db: Database, items: readonly Item[]): Promise<void> {
  const start = numberOf((await db.rows('SELECT count(*) AS n FROM items'))[0]?.n ?? 0);
  await db.append(
    'items',
    ['integer', 'varchar', 'varchar', 'varchar'],
    items.map((item, index) => [
      start + index,
      item.id,
      item.text,
      item.meta === undefined ? null : JSON.stringify(item.meta),
    ]),
  );
}

async function saveModel(
  db: Database,
  dir: string,
  model: Parameters<RunStore['saveModel']>[0],
): Promise<ModelVersionRecord> {
  // The file lands (durably, under its hash) before the row that references it.
  const saved = model.bytes === undefined ? undefined : writeModelFile(dir, model.bytes);
  const createdAt = new Date().toISOString();
  await db.run('INSERT INTO model_versions VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    model.version,
    model.provider,
    model.modelId,
    saved?.sha256 ?? null,
    saved?.file ?? null,
    model.info === undefined ? null : JSON.stringify(model.info),
    createdAt,
  ]);
  return {
    version: model.version,
    provider: model.provider,
    modelId: model.modelId,
    ...(saved ?? {}),
    ...(model.info === undefined ? {} : { info: model.info }),
    createdAt,
  };
}

function modelOf(row: Record<string, unknown>): ModelVersionRecord {
  const get = (key: string) => stringOf((row[key] ?? null) as never);
  const info = get('info');
  const sha256 = get('sha256');
  const file = get('file');
  return {
    version: numberOf((row.version ?? null) as never),
    provider: get('provider') ?? '',
    modelId: get('model_id') ?? '',
    ...(sha256 === undefined ? {} : { sha256 }),
    ...(file === undefined ? {} : { file }),
    ...(info === undefined ? {} : { info: JSON.parse(info) as unknown }),
    createdAt: get('created_at') ?? '',
  };
}
