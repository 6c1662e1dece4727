import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ShardFormat } from './shard-manifest';

/** The folder of a sharded dataset that holds the item shards. */
export const ITEMS_DIR = 'items';

/** The format of a shard file by its name, or undefined when it is not a shard. */
export function shardFormatOf(name: string): ShardFormat | undefined {
  if (name.startsWith('.')) return undefined;
  if (name.endsWith('.parquet')) return 'parquet';
  if (name.endsWith('.jsonl') || name.endsWith('.jsonl.gz')) return 'jsonl';
  return undefined;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The shard files of a dataset folder (relative paths), sorted by file name. */
export async function listShardFiles(dir: string): Promise<string[]> {
  const names = await readdir(join(dir, ITEMS_DIR));
  return names
    .filter((name) => shardFormatOf(name) !== undefined)
    .sort((left, right) => (left < right ? -1 : left > right ? 1 : 0))
    .map((name) => `${ITEMS_DIR}/${name}`);
}

/**
 * True when `dir` is a sharded dataset: `dataset.json` beside a folder `items/` holding at least one `.parquet`,
 * `.jsonl` or `.jsonl.gz` file (a plain dataset has an items file instead).
 */
export async function isShardedDataset(dir: string): Promise<boolean> {
  if (!(await isFile(join(dir, 'dataset.json'))) || !(await isDirectory(join(dir, ITEMS_DIR)))) return false;
  return (await listShardFiles(dir)).length > 0;
}
