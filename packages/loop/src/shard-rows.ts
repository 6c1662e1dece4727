import { invalidArgument, shardRows, throwIfAborted, type VectorShards } from '@borderline/core';

/**
 * The rows of `items` (pool indices, any order, repeats allowed) copied out of a sharded pool into one
 * `items.length x dimensions` matrix in the order given. Only the shards that hold an item are read, each once,
 * one at a time: memory is one shard plus the answer.
 */
export async function gatherShardRows(
  shards: VectorShards,
  items: ArrayLike<number>,
  signal?: AbortSignal,
): Promise<Float32Array> {
  const { dimensions, count, starts } = shards;
  const out = new Float32Array(items.length * dimensions);
  // Positions of `items` ordered by pool index, so each shard's items are one run of `order`.
  const order = Int32Array.from({ length: items.length }, (_, position) => position);
  for (let position = 0; position < items.length; position++) {
    const item = items[position]!;
    if (!Number.isInteger(item) || item < 0 || item >= count) {
      throw invalidArgument('gatherShardRows', `item ${item} is outside the pool of ${count}`);
    }
  }
  order.sort((a, b) => items[a]! - items[b]!);
  let at = 0;
  let shard = 0;
  while (at < order.length) {
    const item = items[order[at]!]!;
    while (shard + 1 < starts.length && (starts[shard + 1] as number) <= item) shard++;
    throwIfAborted(signal, 'gatherShardRows');
    const rows = await shards.readShard(shard, signal === undefined ? {} : { signal });
    const start = starts[shard] as number;
    const end = start + shardRows(shards, shard);
    for (; at < order.length && items[order[at]!]! < end; at++) {
      const position = order[at]!;
      const offset = (items[position]! - start) * dimensions;
      out.set(rows.subarray(offset, offset + dimensions), position * dimensions);
    }
  }
  return out;
}
