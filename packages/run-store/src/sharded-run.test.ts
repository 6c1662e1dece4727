import { appendFileSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Item } from '@borderline/core';
import { writeItems } from '@borderline/ingest';
import { createCurationConfig, startCuration } from '@borderline/loop';
import { createLocalClassifier, createLocalEmbedder } from '@borderline/runners';
import { createLocalExecutor, type ShardManifest, scanShards } from '@borderline/shards';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { openRunStore } from './open-run-store';
import { runCurationStore } from './run-curation-store';

const SIZES = [30, 20, 25];
const COUNT = 75;
const WORDS = ['cheap', 'shoes', 'free', 'offer', 'loan', 'click', 'garden', 'tools', 'miracle', 'cure'];

function item(index: number): Item {
  const words = Array.from({ length: 5 }, (_, at) => WORDS[(index * 7 + at * 3) % WORDS.length]!);
  return { id: `ad-${index}`, text: `${words.join(' ')} ${index}` };
}

const root = tempDir('borderline-sharded-run-').dir;
const datasetDir = join(root, 'pool');
let manifest: ShardManifest;

async function writePool(): Promise<void> {
  mkdirSync(join(datasetDir, 'items'), { recursive: true });
  writeFileSync(
    join(datasetDir, 'dataset.json'),
    JSON.stringify({ name: 'pool', task: 'ads', labels: ['ok', 'bad'], positive: 'bad' }),
  );
  let next = 0;
  for (const [shard, size] of SIZES.entries()) {
    const items = Array.from({ length: size }, () => item(next++));
    await writeItems(join(datasetDir, 'items', `${shard}.${shard === 1 ? 'parquet' : 'jsonl'}`), items);
  }
}

async function createRun(name: string) {
  const store = await openRunStore(join(root, name), { mode: 'create' });
  const config = createCurationConfig({ labels: ['ok', 'bad'], positive: 'bad', batchSize: 10 });
  await store.transaction(async () => {
    await store.writeShardManifest(manifest);
    await store.writeLoopState(startCuration(config, COUNT).state);
  });
  return store;
}

beforeAll(async () => {
  await writePool();
  manifest = await scanShards(datasetDir);
});

describe('a sharded run', () => {
  it('keeps the manifest, reads its pool by index from the shards, and refuses to read it whole', async () => {
    const store = await createRun('read');
    store.close();
    const reopened = await openRunStore(join(root, 'read'), { mode: 'read' });
    try {
      expect(reopened.shardManifest()).toEqual(manifest);
      expect(await reopened.itemCount()).toBe(COUNT);
      const { ids, texts } = await reopened.itemsAt([74, 0, 31]);
      expect(ids).toEqual(['ad-74', 'ad-0', 'ad-31']);
      expect(texts).toEqual([item(74).text, item(0).text, item(31).text]);
      expect(await reopened.indicesOf(['ad-52', 'nope', 'ad-3'])).toEqual(
        new Map([
          ['ad-52', 52],
          ['ad-3', 3],
        ]),
      );
      await expect(reopened.readItems()).rejects.toThrow(/sharded run/);
      await expect(reopened.itemsAt([75])).rejects.toThrow(/outside the pool of 75/);
    } finally {
      reopened.close();
    }
  });

  it('embeds and scores through shard passes; scores land per shard in predictions, vectors stay out of DuckDB', async () => {
    const store = await createRun('passes');
    try {
      const port = await runCurationStore(store, {
        shards: { executor: createLocalExecutor({ processes: 0 }), embedder: 'glove' },
      });
      const embedder = createLocalEmbedder();
      const space = { embedderId: embedder.modelId, dimensions: embedder.dimensions };
      const vectors = await port.passes!.embed(space);
      expect(vectors.starts).toEqual([0, 30, 50]);
      expect(await port.vectorCount(space)).toBe(0);
      const all = await embedder.embed(Array.from({ length: COUNT }, (_, index) => item(index).text));
      expect(await vectors.readShard(2)).toEqual(all.subarray(50 * space.dimensions));

      // A saved local model runs as shard jobs; its scores equal scoring the whole pool in memory.
      const labels = Uint8Array.from({ length: 20 }, (_, index) => index % 2);
      const trained = await createLocalClassifier({ size: 'small', embedder, seed: 3 }).head!.adaptEmbedded(
        all.subarray(0, 20 * space.dimensions),
        labels,
      );
      const scores = await port.passes!.score(1, trained, space);
      expect(scores).toEqual(await trained.head!.classifyEmbedded(all));
      expect(await store.predictedCount(1)).toBe(COUNT);
      await expect(port.pool()).rejects.toThrow(/sharded run/);
    } finally {
      store.close();
    }
  });

  it('refuses to open when a shard is missing or changed, naming it', async () => {
    const store = await createRun('check');
    store.close();
    const shard = join(datasetDir, 'items', '2.jsonl');
    const saved = (await import('node:fs')).readFileSync(shard);
    try {
      appendFileSync(shard, '{"id":"ad-999","text":"more"}\n');
      await expect(openRunStore(join(root, 'check'))).rejects.toThrow(/shard .*2\.jsonl changed since init/);
      // Same size, other bytes: the SHA-256 tells.
      const changed = Buffer.from(saved);
      changed[changed.length - 3] = changed[changed.length - 3] === 0x31 ? 0x32 : 0x31;
      writeFileSync(shard, changed);
      utimesSync(shard, new Date(), new Date(Date.now() + 5000));
      await expect(openRunStore(join(root, 'check'))).rejects.toThrow(
        /2\.jsonl changed since init \(its SHA-256/,
      );
      rmSync(shard);
      await expect(openRunStore(join(root, 'check'))).rejects.toThrow(
        /shard .*2\.jsonl of the run's pool is missing/,
      );
    } finally {
      writeFileSync(shard, saved);
    }
    // Restored byte for byte (another modification time): it opens again.
    (await openRunStore(join(root, 'check'))).close();
  });
});
