import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../src/file-hash';
import { createLocalExecutor } from '../src/local-executor';
import { runPass } from '../src/run-pass';
import { scanShards } from '../src/scan-shards';
import type { ShardManifest } from '../src/shard-manifest';
import { writeShardedDataset } from './fixtures';

/** The GloVe embed pass. */
export const GLOVE = { pass: 'embed', embedder: 'glove' } as const;

/** A JSONL-sharded pool and its embed outputs computed in this process (the uninterrupted run). */
export async function referencePool(
  dir: string,
  sizes: readonly number[],
): Promise<{ manifest: ShardManifest; reference: string }> {
  const manifest = await scanShards(await writeShardedDataset(join(dir, 'pool'), sizes, ['jsonl']));
  const reference = join(dir, 'reference');
  await runPass(GLOVE, { manifest, outDir: reference, executor: createLocalExecutor({ processes: 0 }) });
  return { manifest, reference };
}

/** Every output file of a pass folder, by name, as the SHA-256 of its bytes (equal hashes: equal bytes). */
export function outputBytes(outDir: string, pass: string): Map<string, string> {
  const dir = join(outDir, pass);
  const names = readdirSync(dir).sort();
  return new Map(names.map((name) => [name, sha256Hex(readFileSync(join(dir, name)))]));
}
