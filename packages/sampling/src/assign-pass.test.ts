import { createRng, matrixShards, type VectorShards } from '@borderline/core';
import { nearestCentres } from '@borderline/kmeans';
import { describe, expect, it } from 'vitest';
import { assignShard, checkAssignResult, SKIP_ITEM, streamingAssign } from './assign-pass';

function randomMatrix(rows: number, dimensions: number, seed: string): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: rows * dimensions }, () => rng.normal(0, 3));
}

/** `vectors` with every shard read logged. */
function logged(vectors: VectorShards, log: number[]): VectorShards {
  return {
    ...vectors,
    readShard: (shard, options) => {
      log.push(shard);
      return vectors.readShard(shard, options);
    },
  };
}

describe('streamingAssign', () => {
  const dimensions = 5;
  const matrix = randomMatrix(900, dimensions, 'assign-points');
  const centres = [randomMatrix(7, dimensions, 'set-0'), randomMatrix(3, dimensions, 'set-1')];
  const which = Uint8Array.from({ length: 900 }, (_, item) => (item % 5 === 0 ? SKIP_ITEM : item % 2));

  it("gives each item its set's nearestCentres answer, skipped items -1 and NaN, whatever the sharding", async () => {
    const whole = centres.map((set) => nearestCentres(matrix, dimensions, set));
    for (const rows of [900, 128, 7]) {
      const { cluster, distance } = await streamingAssign(matrixShards(matrix, dimensions, rows))({
        centres,
        which,
      });
      for (let item = 0; item < 900; item++) {
        if (which[item] === SKIP_ITEM) {
          expect(cluster[item]).toBe(-1);
          expect(distance[item]).toBeNaN();
        } else {
          expect(cluster[item]).toBe(whole[which[item]!]!.assignments[item]);
          expect(distance[item]).toBe(whole[which[item]!]!.distances[item]);
        }
      }
    }
  });

  it('assignShard gives one shard the part of the whole pass that streamingAssign gives it', async () => {
    const whole = await streamingAssign(matrixShards(matrix, dimensions, 900))({ centres, which });
    const start = 300;
    const part = assignShard(matrix.subarray(start * dimensions, 600 * dimensions), dimensions, {
      which: which.subarray(start, 600),
      centres,
    });
    expect(part.cluster).toEqual(whole.cluster.subarray(start, 600));
    expect(part.distance).toEqual(whole.distance.subarray(start, 600));
    expect(() =>
      assignShard(matrix.subarray(0, 7), dimensions, { which: which.subarray(0, 2), centres }),
    ).toThrow(/7 floats for 2 rows of 5/);
  });

  it('ties go to the lower centre index', async () => {
    const points = Float32Array.from([0, 0, 2, 2]);
    const tied = [Float32Array.from([1, 1, -1, -1, 1, 1])];
    const answer = await streamingAssign(matrixShards(points, 2, 1))({
      centres: tied,
      which: new Uint8Array(2),
    });
    expect([...answer.cluster]).toEqual([0, 0]);
    expect([...answer.distance]).toEqual([2, 2]);
  });

  it('reads no shard whose items are all skipped', async () => {
    const log: number[] = [];
    const skipMost = Uint8Array.from(which, (set, item) => (item < 300 || item >= 600 ? SKIP_ITEM : set));
    await streamingAssign(logged(matrixShards(matrix, dimensions, 100), log))({ centres, which: skipMost });
    expect(log).toEqual([3, 4, 5]);
  });

  it('names the shard whose rows disagree with its start, and a set index with no centres', async () => {
    const short: VectorShards = {
      ...matrixShards(matrix, dimensions, 100),
      readShard: async (shard) => matrix.subarray(0, shard === 2 ? 10 : 100 * dimensions),
    };
    await expect(streamingAssign(short)({ centres, which })).rejects.toThrow(/shard 2 .*expected 500/);
    const bad = Uint8Array.from(which);
    bad[17] = 4;
    await expect(
      streamingAssign(matrixShards(matrix, dimensions, 100))({ centres, which: bad }),
    ).rejects.toThrow(/which\[17\] = 4/);
  });

  it('checkAssignResult names the first item an injected pass got wrong', () => {
    const answer = { cluster: new Int32Array(900), distance: new Float64Array(900) };
    expect(checkAssignResult(answer, which, centres, dimensions)).toBe(answer);
    answer.cluster[13] = 3;
    expect(() => checkAssignResult(answer, which, centres, dimensions)).toThrow(
      /item 13: cluster 3 \(of 3\)/,
    );
    expect(() =>
      checkAssignResult(
        { cluster: new Int32Array(2), distance: new Float64Array(2) },
        which,
        centres,
        dimensions,
      ),
    ).toThrow(/for 900 items/);
  });
});
