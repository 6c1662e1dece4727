import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BorderlineError } from '@borderline/core';
import { writeItems } from '@borderline/ingest';
import { type ShardManifest, scanShards } from '@borderline/shards';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { openRunStore } from './open-run-store';

const root = tempDir('borderline-dataset-labels-').dir;
const datasetDir = join(root, 'pool');
const labelsFile = join(datasetDir, 'labels.jsonl');
const OPTIONS = { role: 'crowd', categories: ['ok', 'bad'], source: 'dataset:pool' } as const;
let manifest: ShardManifest;
let runs = 0;

function writeLabels(records: readonly object[]): void {
  writeFileSync(labelsFile, `${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
}

async function importInto(records: readonly object[]) {
  writeLabels(records);
  const store = await openRunStore(join(root, `run-${runs++}`), { mode: 'create' });
  try {
    const result = await store.transaction(async () => {
      await store.writeShardManifest(manifest);
      return store.importDatasetLabels(OPTIONS);
    });
    return { result, ledger: await store.readLabels(), batches: await store.batches() };
  } finally {
    store.close();
  }
}

async function problemOf(records: readonly object[]): Promise<BorderlineError> {
  const error = await importInto(records).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!BorderlineError.is(error)) throw new Error(`expected a BorderlineError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  mkdirSync(join(datasetDir, 'items'), { recursive: true });
  writeFileSync(
    join(datasetDir, 'dataset.json'),
    JSON.stringify({ name: 'pool', task: 'ads', labels: ['ok', 'bad'], positive: 'bad' }),
  );
  const items = Array.from({ length: 40 }, (_, index) => ({ id: `ad-${index}`, text: `ad number ${index}` }));
  await writeItems(join(datasetDir, 'items', '0.jsonl'), items.slice(0, 15));
  await writeItems(join(datasetDir, 'items', '1.parquet'), items.slice(15));
  writeLabels([]);
  manifest = await scanShards(datasetDir);
});

describe('importDatasetLabels', () => {
  it('puts the crowd labels in the ledger in file order, an exact repeat once; other roles are checked, not kept', async () => {
    const { result, ledger, batches } = await importInto([
      { item: 'ad-30', annotator: 'c1', role: 'crowd', label: 'bad' },
      { item: 'ad-2', annotator: 'e1', role: 'expert', label: 'ok' },
      { item: 'ad-2', annotator: 'c1', role: 'crowd', label: 'ok' },
      { item: 'ad-30', annotator: 'c1', role: 'crowd', label: 'bad' },
      { item: 'ad-30', annotator: 'c2', role: 'crowd', label: 'ok' },
    ]);
    expect(result).toMatchObject({ added: 3, duplicates: 1 });
    expect(ledger.map((entry) => [entry.seq, entry.item, entry.annotator, entry.role, entry.label])).toEqual([
      [1, 'ad-30', 'c1', 'crowd', 'bad'],
      [2, 'ad-2', 'c1', 'crowd', 'ok'],
      [3, 'ad-30', 'c2', 'crowd', 'ok'],
    ]);
    expect(batches).toMatchObject([{ source: 'dataset:pool', added: 3, duplicates: 1 }]);
  });

  it('refuses a label for an item outside the pool, naming file, line and field; nothing is added', async () => {
    const error = await problemOf([
      { item: 'ad-1', annotator: 'c1', role: 'crowd', label: 'ok' },
      { item: 'ad-99', annotator: 'c1', role: 'crowd', label: 'ok' },
    ]);
    expect(error.code).toBe('invalid-data');
    expect(error.issues).toEqual([
      expect.objectContaining({
        file: labelsFile,
        line: 2,
        field: 'item',
        message: 'label for an unknown item',
      }),
    ]);
  });

  it('refuses a label outside the label set, a bad record and a changed mind, each by line', async () => {
    const error = await problemOf([
      { item: 'ad-1', annotator: 'c1', role: 'crowd', label: 'ok' },
      { item: 'ad-2', annotator: 'c1', role: 'crowd', label: 'maybe' },
      { item: 'ad-3', role: 'crowd', label: 'ok' },
    ]);
    expect(error.issues?.map((issue) => [issue.line, issue.field])).toEqual([
      [2, 'label'],
      [3, 'annotator'],
    ]);
    const conflict = await problemOf([
      { item: 'ad-20', annotator: 'c1', role: 'crowd', label: 'ok' },
      { item: 'ad-21', annotator: 'c1', role: 'crowd', label: 'ok' },
      { item: 'ad-20', annotator: 'c1', role: 'crowd', label: 'bad' },
    ]);
    expect(conflict.issues).toEqual([
      expect.objectContaining({
        file: labelsFile,
        line: 3,
        field: 'label',
        expected: '"ok"',
        found: '"bad"',
      }),
    ]);
    expect(conflict.message).toContain('line 1 says "ok"');
  });

  it('refuses an unsharded run and a ledger that has labels already', async () => {
    const plain = await openRunStore(join(root, 'plain'), { mode: 'create' });
    try {
      await expect(plain.importDatasetLabels(OPTIONS)).rejects.toThrow(/is not sharded/);
    } finally {
      plain.close();
    }
    writeLabels([{ item: 'ad-1', annotator: 'c1', role: 'crowd', label: 'ok' }]);
    const store = await openRunStore(join(root, 'twice'), { mode: 'create' });
    try {
      await store.writeShardManifest(manifest);
      await store.importDatasetLabels(OPTIONS);
      await expect(store.importDatasetLabels(OPTIONS)).rejects.toThrow(/empty ledger/);
      expect(await store.readLabels()).toHaveLength(1);
    } finally {
      store.close();
    }
  });
});
