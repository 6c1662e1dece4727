import { BorderlineError } from '@borderline/core';
import { type Database, numberOf, stringOf } from './database';
import { readModelFile, writeModelFile } from './model-files';
import type { StoreContext } from './store-context';
import type { ModelVersionRecord, RunStore } from './types';

/** The store's model methods: the model versions and their saved bytes. */
export type ModelMethods = Pick<RunStore, 'saveModel' | 'models' | 'readModelBytes'>;

/** The model methods over `ctx`; a version's file lands before the row that references it. */
export function modelMethods({ db, dir, atomic }: StoreContext): ModelMethods {
  return {
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
  };
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
