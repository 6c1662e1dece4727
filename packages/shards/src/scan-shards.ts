import { stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { BorderlineError, type DataIssue, dataError, throwIfAborted } from '@borderline/core';
import {
  createIssueSink,
  DEFAULT_MAX_ERRORS,
  type IssueSink,
  ITEM_KIND,
  readManifest,
  readRecordBatches,
} from '@borderline/ingest';
import { sha256File } from './file-hash';
import { createIdHashes, hashKey, repeatedKeys } from './id-hashes';
import type { ShardEntry, ShardManifest } from './shard-manifest';
import { isShardedDataset, listShardFiles, shardFormatOf } from './sharded-dataset';

/** Progress of `scanShards`, after each shard. */
export interface ScanProgress {
  readonly shardsDone: number;
  readonly shardsTotal: number;
  /** Items read so far. */
  readonly items: number;
}

/** Options of {@link scanShards}. */
export interface ScanShardsOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ScanProgress) => void;
  /** Stop after this many problems (default 20). */
  readonly maxErrors?: number;
}

/**
 * Reads every shard of a sharded dataset once: validates every row (id, text; the ingest rules and error shape:
 * file, line or row, field), counts rows, hashes each file, and refuses an id that occurs twice anywhere in the
 * pool. Memory: one batch of rows plus 8 bytes per item (64-bit id hashes, sorted at the end; equal hashes are
 * confirmed by reading those ids again). Any problem throws one `invalid-data` error listing them; nothing is
 * returned or written in part.
 */
export async function scanShards(dir: string, options: ScanShardsOptions = {}): Promise<ShardManifest> {
  const root = isAbsolute(dir) ? dir : resolve(dir);
  if (!(await isShardedDataset(root))) {
    throw new BorderlineError({
      code: 'not-found',
      message: `${root} is not a sharded dataset (expected dataset.json and items/*.parquet or items/*.jsonl)`,
    });
  }
  const manifest = await readManifest(join(root, 'dataset.json'));
  const files = await listShardFiles(root);
  const sink = createIssueSink(options.maxErrors ?? DEFAULT_MAX_ERRORS);
  const hashes = createIdHashes();
  const shards: ShardEntry[] = [];
  for (const file of files) {
    throwIfAborted(options.signal, 'scanShards');
    const path = join(root, file);
    const start = hashes.count;
    for await (const batch of readRecordBatches(path, ITEM_KIND, sink)) {
      for (const item of batch.records) hashes.add(item.id);
    }
    const [bytes, sha256] = await Promise.all([stat(path).then((info) => info.size), sha256File(path)]);
    const format = shardFormatOf(file) as ShardEntry['format'];
    shards.push({ file, format, rows: hashes.count - start, start, bytes, sha256 });
    options.onProgress?.({ shardsDone: shards.length, shardsTotal: files.length, items: hashes.count });
    if (sink.full) break;
  }
  if (sink.issues.length === 0) {
    const repeated = repeatedKeys(hashes.sorted());
    if (repeated.size > 0) await confirmDuplicates(root, files, repeated, sink, options.signal);
  }
  if (sink.issues.length > 0) {
    const count = sink.issues.length;
    throw dataError(
      sink.issues,
      `${count}${sink.full ? ' or more' : ''} problem${count === 1 ? '' : 's'} in sharded dataset ${root}`,
    );
  }
  const labels = await stat(join(root, 'labels.jsonl')).then(
    (info) => info.isFile(),
    () => false,
  );
  return {
    version: 1,
    dir: root,
    name: manifest.name,
    count: hashes.count,
    shards,
    ...(labels ? { labels: 'labels.jsonl' } : {}),
  };
}

/** Reads the ids whose hash occurs twice again, and reports the real repeats (the first occurrence is named). */
async function confirmDuplicates(
  root: string,
  files: readonly string[],
  repeated: ReadonlySet<bigint>,
  sink: IssueSink,
  signal: AbortSignal | undefined,
): Promise<void> {
  const first = new Map<string, string>();
  for (const file of files) {
    throwIfAborted(signal, 'scanShards');
    const path = join(root, file);
    for await (const batch of readRecordBatches(path, ITEM_KIND, sink)) {
      for (let at = 0; at < batch.records.length; at++) {
        const id = batch.records[at]!.id;
        if (!repeated.has(hashKey(id))) continue;
        const place = `${path} ${batch.unit} ${batch.places[at]}`;
        const before = first.get(id);
        if (before === undefined) first.set(id, place);
        else sink.add(duplicateIssue(path, batch.unit, batch.places[at]!, id, before));
      }
    }
  }
}

function duplicateIssue(
  file: string,
  unit: 'line' | 'row',
  place: number,
  id: string,
  first: string,
): DataIssue {
  return {
    file,
    ...(unit === 'line' ? { line: place } : { row: place }),
    field: 'id',
    message: `duplicate item id (first at ${first})`,
    expected: 'a unique id across the shards',
    found: JSON.stringify(id),
  };
}
