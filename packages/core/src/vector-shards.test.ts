import { describe, expect, it } from 'vitest';
import { BorderlineError } from './errors';
import { matrixShards, shardRows } from './vector-shards';

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
