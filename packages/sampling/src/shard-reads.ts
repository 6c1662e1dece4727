import { invalidArgument, shardOf, shardRows, throwIfAborted, type VectorShards } from '@borderline/core';

/**
 * Reads shard `shard` and checks its size: a shard whose rows disagree with `starts` is bad input, named by
 * shard and by its expected and actual floats.
 */
export async function readShardChecked(
  vectors: VectorShards,
  shard: number,
  component: string,
  signal?: AbortSignal,
): Promise<Float32Array> {
  throwIfAborted(signal, component);
  const data = await vectors.readShard(shard, signal === undefined ? undefined : { signal });
  const expected = shardRows(vectors, shard) * vectors.dimensions;
  if (!(data instanceof Float32Array) || data.length !== expected) {
    throw invalidArgument(
      component,
      `shard ${shard} (items ${vectors.starts[shard]}..) returned ${data?.length ?? 'no'} floats, expected ${expected} (${shardRows(vectors, shard)} rows x ${vectors.dimensions})`,
    );
  }
  return data;
}

/** Throws `invalid-argument` unless `vectors` describes contiguous shards from item 0 (the contract's shape). */
export function checkVectorShards(vectors: VectorShards, component: string): void {
  const { count, dimensions, starts } = vectors;
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw invalidArgument(component, `vectors.dimensions must be a positive integer, got ${dimensions}`);
  }
  if (!Number.isInteger(count) || count < 0) {
    throw invalidArgument(component, `vectors.count must be an integer >= 0, got ${count}`);
  }
  if (starts.length === 0 || starts[0] !== 0) {
    throw invalidArgument(
      component,
      `vectors.starts must begin with 0, got [${starts.slice(0, 3).join(', ')}]`,
    );
  }
  for (let shard = 1; shard < starts.length; shard++) {
    const start = starts[shard]!;
    if (!Number.isInteger(start) || start < starts[shard - 1]! || start > count) {
      throw invalidArgument(
        component,
        `vectors.starts[${shard}] = ${start} is not an ascending item index within the ${count} items`,
      );
    }
  }
}

/**
 * The rows of `items` (pool indices, any order, repeats allowed) copied out of sharded vectors into one
 * `items.length x dimensions` matrix in the order given. Only the shards that hold an item are read, each once,
 * one at a time (each checked by {@link readShardChecked}): memory is one shard plus the answer. An index outside
 * the pool is `invalid-argument`, named by `component`.
 */
export async function gatherShardRows(
  vectors: VectorShards,
  items: ArrayLike<number>,
  component = 'gatherShardRows',
  signal?: AbortSignal,
): Promise<Float32Array> {
  const { dimensions, count } = vectors;
  const out = new Float32Array(items.length * dimensions);
  for (let position = 0; position < items.length; position++) {
    const item = items[position]!;
    if (!Number.isInteger(item) || item < 0 || item >= count) {
      throw invalidArgument(component, `item ${item} is outside the pool of ${count}`);
    }
  }
  // Positions of `items` ordered by pool index, so each shard's items are one run of `order`.
  const order = new Int32Array(items.length);
  let ascending = true;
  for (let position = 0; position < items.length; position++) {
    order[position] = position;
    if (position > 0 && items[position]! < items[position - 1]!) ascending = false;
  }
  if (!ascending) order.sort((a, b) => items[a]! - items[b]!);
  let at = 0;
  while (at < order.length) {
    const shard = shardOf(vectors, items[order[at]!]!);
    const start = vectors.starts[shard]!;
    const end = start + shardRows(vectors, shard);
    const data = await readShardChecked(vectors, shard, component, signal);
    for (; at < order.length && items[order[at]!]! < end; at++) {
      const position = order[at]!;
      const row = items[position]! - start;
      out.set(data.subarray(row * dimensions, (row + 1) * dimensions), position * dimensions);
    }
  }
  return out;
}
