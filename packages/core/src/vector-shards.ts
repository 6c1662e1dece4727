import { invalidArgument } from './errors';

/**
 * A pool's vectors read one shard at a time, so a pass over a pool holds one shard in memory, not the pool.
 * Shards are contiguous runs of pool indices in order: shard `i` holds items `starts[i] .. starts[i + 1] - 1`
 * (the last shard ends at `count`). The in-memory matrix and a folder of shard files both satisfy it.
 */
export interface VectorShards {
  /** Items in the pool. */
  readonly count: number;
  /** Floats per vector. */
  readonly dimensions: number;
  /** Each shard's first pool index, ascending; `starts[0]` is 0 and `starts.length` is the shard count. */
  readonly starts: readonly number[];
  /**
   * Shard `shard`'s rows, row-major (`rows x dimensions`). Each call may read the shard again: a caller that
   * needs it twice keeps what it needs, not the whole pool.
   */
  readShard(shard: number, options?: { readonly signal?: AbortSignal }): Promise<Float32Array>;
}

/** Items in shard `shard` of `shards`. */
export function shardRows(shards: Pick<VectorShards, 'count' | 'starts'>, shard: number): number {
  const next = shard + 1 < shards.starts.length ? (shards.starts[shard + 1] as number) : shards.count;
  return next - (shards.starts[shard] as number);
}

/**
 * The shard holding pool index `index`: the last shard whose start is at or below it, so an empty shard (its start
 * equal to the next one's) is never the answer. A binary search over `starts`, allocation-free for hot loops. An
 * index that is not an integer in `0 .. count - 1` is `invalid-argument`.
 */
export function shardOf(shards: Pick<VectorShards, 'count' | 'starts'>, index: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= shards.count) {
    throw invalidArgument('shardOf', `${index} is not a pool index (the pool has ${shards.count} items)`);
  }
  const { starts } = shards;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] as number) <= index) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * An in-memory matrix (`count x dimensions`, row-major) seen as shards of `rowsPerShard` items: each shard is a
 * view of the matrix, no copy. For tests, and for pools that fit in memory.
 */
export function matrixShards(matrix: Float32Array, dimensions: number, rowsPerShard: number): VectorShards {
  if (!Number.isInteger(dimensions) || dimensions < 1 || matrix.length % dimensions !== 0) {
    throw invalidArgument(
      'vector-shards',
      `a matrix of ${matrix.length} floats is not rows of ${dimensions}`,
    );
  }
  if (!Number.isInteger(rowsPerShard) || rowsPerShard < 1) {
    throw invalidArgument('vector-shards', `rowsPerShard must be a positive integer, got ${rowsPerShard}`);
  }
  const count = matrix.length / dimensions;
  const starts: number[] = [];
  for (let start = 0; start < count || starts.length === 0; start += rowsPerShard) starts.push(start);
  const shards: VectorShards = {
    count,
    dimensions,
    starts,
    readShard: async (shard) => {
      if (!Number.isInteger(shard) || shard < 0 || shard >= starts.length) {
        throw invalidArgument('vector-shards', `no shard ${shard} (there are ${starts.length})`);
      }
      const start = starts[shard] as number;
      return matrix.subarray(start * dimensions, (start + shardRows(shards, shard)) * dimensions);
    },
  };
  return shards;
}
