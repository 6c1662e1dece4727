import { describe, expect, it } from 'vitest';
import { BorderlineError } from './errors';
import { matrixShards, shardOf, shardRows } from './vector-shards';

describe('matrixShards', () => {
  const matrix = Float32Array.from({ length: 7 * 2 }, (_, i) => i);

  it('splits rows into contiguous shards, the last one short, each a view of the matrix', async () => {
    const shards = matrixShards(matrix, 2, 3);
    expect(shards.count).toBe(7);
    expect(shards.starts).toEqual([0, 3, 6]);
    expect([0, 1, 2].map((i) => shardRows(shards, i))).toEqual([3, 3, 1]);
    expect(Array.from(await shards.readShard(1))).toEqual([6, 7, 8, 9, 10, 11]);
    expect(Array.from(await shards.readShard(2))).toEqual([12, 13]);
    expect((await shards.readShard(0)).buffer).toBe(matrix.buffer);
  });

  it('gives an empty pool one empty shard', async () => {
    const shards = matrixShards(new Float32Array(0), 4, 10);
    expect(shards.starts).toEqual([0]);
    expect(shardRows(shards, 0)).toBe(0);
    expect((await shards.readShard(0)).length).toBe(0);
  });

  it('refuses a ragged matrix, a bad shard size and a missing shard', async () => {
    expect(() => matrixShards(matrix, 3, 2)).toThrow(BorderlineError);
    expect(() => matrixShards(matrix, 2, 0)).toThrow(/rowsPerShard/);
    await expect(matrixShards(matrix, 2, 3).readShard(3)).rejects.toThrow(/no shard 3/);
  });
});

describe('shardOf', () => {
  it('finds the shard of the first and last item of each shard', () => {
    const shards = { count: 7, starts: [0, 3, 6] };
    expect([0, 2, 3, 5, 6].map((index) => shardOf(shards, index))).toEqual([0, 0, 1, 1, 2]);
  });

  it('agrees with a linear scan on every index of matrixShards', () => {
    const shards = matrixShards(new Float32Array(11 * 2), 2, 4);
    for (let index = 0; index < shards.count; index++) {
      expect(shardOf(shards, index)).toBe(Math.floor(index / 4));
    }
  });

  it('skips empty shards: at the front, in the middle and at the end', () => {
    // Shards 0, 2, 3 and 5 are empty; shard 1 holds 0..1, shard 4 holds 2..4.
    const shards = { count: 5, starts: [0, 0, 2, 2, 2, 5] };
    expect([0, 1, 2, 3, 4].map((index) => shardOf(shards, index))).toEqual([1, 1, 4, 4, 4]);
  });

  it('answers 0 for a single shard', () => {
    expect(shardOf({ count: 3, starts: [0] }, 2)).toBe(0);
  });

  it('refuses an index outside the pool, a fraction, and any index of an empty pool', () => {
    const shards = { count: 7, starts: [0, 3, 6] };
    for (const index of [-1, 7, 1.5, Number.NaN]) {
      expect(() => shardOf(shards, index)).toThrow(BorderlineError);
    }
    expect(() => shardOf(shards, 7)).toThrow(/7 is not a pool index \(the pool has 7 items\)/);
    expect(() => shardOf({ count: 0, starts: [0] }, 0)).toThrow(/not a pool index/);
  });
});
