import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BorderlineError } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { tempDir, testItems, writeShardedDataset } from '../test/fixtures';
import { scanShards } from './scan-shards';
import { readItemsAt, readShardItems } from './shard-items';
import { isShardedDataset } from './sharded-dataset';

const temp = () => tempDir('borderline-shards-scan-').dir;

async function caught(promise: Promise<unknown>): Promise<BorderlineError> {
  try {
    await promise;
  } catch (error) {
    if (BorderlineError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a BorderlineError');
}

describe('scanShards', () => {
  it('records every shard in file-name order: rows, first pool index, bytes and sha256', async () => {
    const dir = await writeShardedDataset(temp(), [5, 3, 7]);
    const progress: number[] = [];
    const manifest = await scanShards(dir, { onProgress: (event) => progress.push(event.items) });
    expect(manifest.count).toBe(15);
    expect(manifest.name).toBe('test-pool');
    expect(manifest.shards.map((shard) => [shard.file, shard.format, shard.rows, shard.start])).toEqual([
      ['items/000.jsonl', 'jsonl', 5, 0],
      ['items/001.parquet', 'parquet', 3, 5],
      ['items/002.jsonl', 'jsonl', 7, 8],
    ]);
    for (const shard of manifest.shards) {
      const bytes = readFileSync(join(dir, shard.file));
      expect(shard.bytes).toBe(statSync(join(dir, shard.file)).size);
      expect(shard.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(progress).toEqual([5, 8, 15]);
    expect(manifest.labels).toBeUndefined();
  });

  it('tells a sharded dataset from a plain one', async () => {
    const dir = await writeShardedDataset(temp(), [2]);
    expect(await isShardedDataset(dir)).toBe(true);
    const plain = temp();
    writeFileSync(join(plain, 'dataset.json'), '{}');
    writeFileSync(join(plain, 'items.jsonl'), '');
    expect(await isShardedDataset(plain)).toBe(false);
    expect((await caught(scanShards(plain))).code).toBe('not-found');
  });

  it('refuses an id repeated in another shard, naming both places', async () => {
    const dir = await writeShardedDataset(temp(), [4, 4], ['jsonl']);
    appendFileSync(join(dir, 'items', '001.jsonl'), `${JSON.stringify({ id: 'ad-2', text: 'again' })}\n`);
    const error = await caught(scanShards(dir));
    expect(error.code).toBe('invalid-data');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ file: join(dir, 'items', '001.jsonl'), line: 5, field: 'id' });
    expect(error.issues[0]?.message).toContain(`${join(dir, 'items', '000.jsonl')} line 3`);
  });

  it('names the file, line and field of a malformed row and returns no manifest', async () => {
    const dir = await writeShardedDataset(temp(), [3, 3], ['jsonl']);
    appendFileSync(join(dir, 'items', '001.jsonl'), `${JSON.stringify({ id: 'x-1', text: 7 })}\n`);
    const error = await caught(scanShards(dir));
    expect(error.code).toBe('invalid-data');
    expect(error.issues[0]).toMatchObject({ file: join(dir, 'items', '001.jsonl'), line: 4, field: 'text' });
    expect(error.message).toContain('sharded dataset');
  });

  it('notes a labels file', async () => {
    const dir = await writeShardedDataset(temp(), [2]);
    writeFileSync(join(dir, 'labels.jsonl'), '');
    expect((await scanShards(dir)).labels).toBe('labels.jsonl');
  });
});

describe('readShardItems and readItemsAt', () => {
  it('read one shard, and items anywhere in the pool in the order asked', async () => {
    const dir = await writeShardedDataset(temp(), [4, 5, 3]);
    const manifest = await scanShards(dir);
    const all = testItems(12);
    const second = await readShardItems(manifest, 1);
    expect(second.ids).toEqual(all.slice(4, 9).map((item) => item.id));
    expect(second.texts).toEqual(all.slice(4, 9).map((item) => item.text));
    const picked = await readItemsAt(manifest, [11, 0, 4, 4, 8]);
    expect(picked.ids).toEqual(['ad-11', 'ad-0', 'ad-4', 'ad-4', 'ad-8']);
    expect(picked.texts[0]).toBe(all[11]?.text);
    expect((await caught(readItemsAt(manifest, [12]))).code).toBe('invalid-argument');
  });

  it('reads items around an empty shard from the shard that holds them', async () => {
    const dir = await writeShardedDataset(temp(), [3, 0, 2], ['jsonl']);
    const manifest = await scanShards(dir);
    expect(manifest.shards.map((shard) => shard.start)).toEqual([0, 3, 3]);
    const picked = await readItemsAt(manifest, [4, 2, 3]);
    expect(picked.ids).toEqual(['ad-4', 'ad-2', 'ad-3']);
  });

  it('refuses a shard that changed since the scan', async () => {
    const dir = await writeShardedDataset(temp(), [3], ['jsonl']);
    const manifest = await scanShards(dir);
    appendFileSync(join(dir, 'items', '000.jsonl'), `${JSON.stringify({ id: 'late', text: 'late' })}\n`);
    const error = await caught(readShardItems(manifest, 0));
    expect(error.message).toContain('changed since it was scanned');
  });
});
