import { matrixShards } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { gatherShardRows } from './shard-reads';

describe('gatherShardRows', () => {
  it('copies the rows in the order given, reading only the shards that hold them, each once', async () => {
    const matrix = Float32Array.from({ length: 20 }, (_, index) => index); // 10 rows of 2
    const base = matrixShards(matrix, 2, 3); // shards start at 0, 3, 6, 9
    const reads: number[] = [];
    const shards = {
      ...base,
      readShard: (shard: number) => {
        reads.push(shard);
        return base.readShard(shard);
      },
    };
    const rows = await gatherShardRows(shards, [7, 1, 7, 9]);
    expect(Array.from(rows)).toEqual([14, 15, 2, 3, 14, 15, 18, 19]);
    expect(reads).toEqual([0, 2, 3]);
    await expect(gatherShardRows(shards, [10])).rejects.toThrow(/outside the pool/);
    await expect(gatherShardRows(shards, [1.5], 'a pass')).rejects.toThrow(/a pass: item 1.5 is outside/);
  });
});
