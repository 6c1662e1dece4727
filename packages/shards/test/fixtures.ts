import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Item } from '@borderline/core';
import { writeItems } from '@borderline/ingest';

const WORDS = [
  'cheap',
  'shoes',
  'free',
  'offer',
  'loan',
  'click',
  'now',
  'garden',
  'tools',
  'quality',
  'sale',
  'miracle',
  'cure',
  'fast',
  'delivery',
];

/** Deterministic item `index` of a test pool. */
export function testItem(index: number): Item {
  const words: string[] = [];
  let state = (index + 1) * 2654435761;
  for (let at = 0; at < 6; at++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    words.push(WORDS[state % WORDS.length] as string);
  }
  return { id: `ad-${index}`, text: `${words.join(' ')} ${index}` };
}

export { type TempDir, tempDir } from '@borderline/vitest-config/temp-dir';

/**
 * Writes a sharded dataset: `dataset.json` and `items/NNN.<format>` with `sizes[i]` items each (formats cycle
 * through `formats`). Returns the folder.
 */
export async function writeShardedDataset(
  dir: string,
  sizes: readonly number[],
  formats: readonly ('jsonl' | 'parquet')[] = ['jsonl', 'parquet'],
): Promise<string> {
  mkdirSync(join(dir, 'items'), { recursive: true });
  writeFileSync(
    join(dir, 'dataset.json'),
    JSON.stringify({ name: 'test-pool', task: 'ads', labels: ['ok', 'bad'], positive: 'bad' }),
  );
  let next = 0;
  for (let shard = 0; shard < sizes.length; shard++) {
    const items: Item[] = [];
    for (let at = 0; at < (sizes[shard] as number); at++) items.push(testItem(next++));
    const format = formats[shard % formats.length] as string;
    await writeItems(join(dir, 'items', `${String(shard).padStart(3, '0')}.${format}`), items);
  }
  return dir;
}

/** Every item of a dataset written by {@link writeShardedDataset}. */
export function testItems(count: number): Item[] {
  return Array.from({ length: count }, (_, index) => testItem(index));
}
