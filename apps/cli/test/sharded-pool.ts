import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Item } from '@borderline/core';
import { writeItems } from '@borderline/ingest';
import { openRunStore } from '@borderline/run-store';

/** What a sharded test dataset is written from (a simulated pool has these). */
export interface PoolToShard {
  readonly task: string;
  readonly labels: readonly string[];
  readonly positive: string;
  readonly items: readonly Item[];
}

/**
 * Writes `pool` as a sharded dataset in `dir`: `dataset.json` and `items/<name>` for each of `files` (JSONL or
 * Parquet by extension), the items cut into equal consecutive runs in that order.
 */
export async function writeShardedPool(
  dir: string,
  pool: PoolToShard,
  files: readonly string[],
): Promise<void> {
  mkdirSync(join(dir, 'items'), { recursive: true });
  writeFileSync(
    join(dir, 'dataset.json'),
    JSON.stringify({ name: 'ads', task: pool.task, labels: [...pool.labels], positive: pool.positive }),
  );
  const per = Math.ceil(pool.items.length / files.length);
  for (const [shard, file] of files.entries()) {
    await writeItems(join(dir, 'items', file), pool.items.slice(shard * per, (shard + 1) * per));
  }
}

/** The run's P(positive) of every pool item under model `version` (NaN where none was committed yet). */
export async function runScores(runDir: string, version = 0): Promise<Float64Array> {
  const store = await openRunStore(runDir, { mode: 'read' });
  try {
    return await store.readPredictions(version, await store.itemCount());
  } finally {
    store.close();
  }
}
