import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BorderlineError, dataError, invalidArgument, shardOf } from '@borderline/core';
import {
  createIssueSink,
  DEFAULT_MAX_ERRORS,
  ITEM_KIND,
  problemsIn,
  readRecordBatches,
} from '@borderline/ingest';
import type { ShardEntry, ShardManifest } from './shard-manifest';

/** Items as parallel columns. */
export interface ShardItems {
  readonly ids: string[];
  readonly texts: string[];
}

/** The shard entry `shard` of a manifest (`invalid-argument` when there is none). */
export function shardEntry(manifest: ShardManifest, shard: number): ShardEntry {
  const entry = Number.isInteger(shard) ? manifest.shards[shard] : undefined;
  if (entry === undefined) {
    throw invalidArgument('shards', `no shard ${shard} (the manifest has ${manifest.shards.length})`);
  }
  return entry;
}

function changed(path: string, what: string): BorderlineError {
  return new BorderlineError({
    code: 'invalid-data',
    message: `shard ${path} changed since it was scanned (${what}); shards must not change: scan the dataset again`,
  });
}

/**
 * Reads one shard's items (validated as when scanned). Memory: that shard. A shard whose size or row count no
 * longer matches the manifest is refused; a malformed row throws `invalid-data` naming the file, row and field.
 */
export async function readShardItems(manifest: ShardManifest, shard: number): Promise<ShardItems> {
  const entry = shardEntry(manifest, shard);
  const path = join(manifest.dir, entry.file);
  const size = await stat(path).then(
    (info) => info.size,
    (error: unknown) => {
      throw new BorderlineError({ code: 'not-found', message: `shard ${path} is missing`, cause: error });
    },
  );
  if (size !== entry.bytes) throw changed(path, `${size} bytes, scanned at ${entry.bytes}`);
  const sink = createIssueSink(DEFAULT_MAX_ERRORS);
  const ids: string[] = [];
  const texts: string[] = [];
  for await (const batch of readRecordBatches(path, ITEM_KIND, sink)) {
    for (const item of batch.records) {
      ids.push(item.id);
      texts.push(item.text);
    }
  }
  if (sink.issues.length > 0) throw dataError(sink.issues, problemsIn(path, sink));
  if (ids.length !== entry.rows) throw changed(path, `${ids.length} rows, scanned at ${entry.rows}`);
  return { ids, texts };
}

/**
 * The items at the given pool indices, in the order given (repeats allowed). Reads only the shards that hold
 * them, one at a time: memory is one shard plus the answer.
 */
export async function readItemsAt(manifest: ShardManifest, indices: ArrayLike<number>): Promise<ShardItems> {
  const layout = { count: manifest.count, starts: manifest.shards.map((entry) => entry.start) };
  const byShard = new Map<number, number[]>();
  for (let at = 0; at < indices.length; at++) {
    const index = indices[at] as number;
    if (!Number.isInteger(index) || index < 0 || index >= manifest.count) {
      throw invalidArgument(
        'readItemsAt',
        `indices[${at}] = ${index} is not a pool index (0..${manifest.count - 1})`,
      );
    }
    const shard = shardOf(layout, index);
    const list = byShard.get(shard);
    if (list === undefined) byShard.set(shard, [at]);
    else list.push(at);
  }
  const ids = new Array<string>(indices.length);
  const texts = new Array<string>(indices.length);
  for (const shard of [...byShard.keys()].sort((left, right) => left - right)) {
    const items = await readShardItems(manifest, shard);
    const start = (manifest.shards[shard] as ShardEntry).start;
    for (const at of byShard.get(shard) as number[]) {
      const local = (indices[at] as number) - start;
      ids[at] = items.ids[local] as string;
      texts[at] = items.texts[local] as string;
    }
  }
  return { ids, texts };
}
