import { describe, expect, it } from 'vitest';
import { crossDistances, squaredNorms } from './distance-kernel';
import { kmeans } from './kmeans';
import { miniBatchKMeans } from './mini-batch-kmeans';
import { nearestCentres } from './nearest-centres';
import { wasmSimdAvailable } from './wasm-kernel';

/**
 * Tiny cases whose answers are worked out by hand (in the comments), on both kernels. Every coordinate, mean and
 * squared distance here is exact in float32, so the answers are exact on either kernel.
 */
const kernels = wasmSimdAvailable() ? (['js', 'wasm-simd'] as const) : (['js'] as const);

// Two squares of side 2, far apart: (0,0) (0,2) (2,0) (2,2) and (10,10) (10,12) (12,10) (12,12).
const squares = Float32Array.from([0, 0, 0, 2, 2, 0, 2, 2, 10, 10, 10, 12, 12, 10, 12, 12]);

describe.each(kernels)('k-means known answers (%s kernel)', (kernel) => {
  it('two separated squares from corner centres: centres (1,1) and (11,11), inertia 16, one update', () => {
    // Round 1 assigns each square to its own corner centre; the update moves each centre to its square's mean
    // (1,1) and (11,11); the next assignment is unchanged, so Lloyd stops. Each corner is sqrt(2) from its
    // mean: inertia 8 x 2 = 16.
    const init = Float32Array.from([0, 0, 12, 12]);
    const result = kmeans(squares, 2, { k: 2, seed: 1, init, tolerance: 0, kernel });
    expect(Array.from(result.centroids)).toEqual([1, 1, 11, 11]);
    expect(Array.from(result.assignments)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(Array.from(result.distances)).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    expect(result.inertia).toBe(16);
    expect(result.iterations).toBe(1);
    expect(result.converged).toBe(true);
  });

  it('two separated squares from k-means++, any seed: the same two means', () => {
    // The second centre is drawn proportionally to squared distance: the far square holds all but ~1e-3 of
    // the weight, and the best of the trials is kept, so every seed finds both squares.
    for (let seed = 1; seed <= 10; seed++) {
      const result = kmeans(squares, 2, { k: 2, seed, kernel });
      const centres = [Array.from(result.centroids.subarray(0, 2)), Array.from(result.centroids.subarray(2))];
      expect(centres.sort((a, b) => a[0]! - b[0]!)).toEqual([
        [1, 1],
        [11, 11],
      ]);
      expect(result.inertia).toBe(16);
    }
  });

  it('1-D, a point changes cluster: [0, 1, 5, 6, 7] from centres 0 and 1 ends at 0.5 and 6', () => {
    // Assign: 0 -> c0; 1, 5, 6, 7 -> c1. Update: c0 = 0, c1 = 19/4 = 4.75. Assign: 1 is nearer 0 (1 < 3.75),
    // so it moves. Update: c0 = 0.5, c1 = 6. Assign: unchanged; stop after 2 updates.
    // Inertia: 0.25 + 0.25 + 1 + 0 + 1 = 2.5.
    const points = Float32Array.from([0, 1, 5, 6, 7]);
    const result = kmeans(points, 1, {
      k: 2,
      seed: 1,
      init: Float32Array.from([0, 1]),
      tolerance: 0,
      kernel,
    });
    expect(Array.from(result.centroids)).toEqual([0.5, 6]);
    expect(Array.from(result.assignments)).toEqual([0, 0, 1, 1, 1]);
    expect(result.inertia).toBe(2.5);
    expect(result.iterations).toBe(2);
  });

  it('1-D, k = 1: the centre is the mean whatever the seed ([1, 2, 3, 4, 10] -> 4, inertia 50)', () => {
    // (1-4)^2 + (2-4)^2 + (3-4)^2 + 0 + (10-4)^2 = 9 + 4 + 1 + 0 + 36 = 50.
    for (const seed of [1, 2, 3]) {
      const result = kmeans(Float32Array.from([1, 2, 3, 4, 10]), 1, { k: 1, seed, kernel });
      expect(Array.from(result.centroids)).toEqual([4]);
      expect(result.inertia).toBe(50);
    }
  });

  it('1-D, three groups from their first members: means 2, 11 and 21, inertia 6', () => {
    const points = Float32Array.from([1, 2, 3, 10, 11, 12, 20, 21, 22]);
    const init = Float32Array.from([1, 10, 20]);
    const result = kmeans(points, 1, { k: 3, seed: 1, init, kernel });
    expect(Array.from(result.centroids)).toEqual([2, 11, 21]);
    expect(Array.from(result.assignments)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(result.inertia).toBe(6);
  });

  it('nearestCentres: exact distances, ties to the lower centre', () => {
    // (1,0) is 1 from both (0,0) and (2,0): the lower index wins. (3,4) is 25 from (0,0), 17 from (2,0).
    const points = Float32Array.from([1, 0, 3, 4, 2, 0]);
    const centres = Float32Array.from([0, 0, 2, 0]);
    const result = nearestCentres(points, 2, centres, { kernel });
    expect(Array.from(result.assignments)).toEqual([0, 1, 1]);
    expect(Array.from(result.distances)).toEqual([1, 17, 0]);
    expect(result.inertia).toBe(18);
  });

  it('mini-batch k-means on two repeated points: centres exactly on them, inertia 0', () => {
    // 2,000 copies each of (0,0) and (10,10), batches of 100: every batch mean of a centre's members is its
    // point, so no step moves it, and the final pass assigns every copy at distance 0.
    const points = new Float32Array(8000);
    for (let row = 2000; row < 4000; row++) points.fill(10, 2 * row, 2 * row + 2);
    const result = miniBatchKMeans(points, 2, { k: 2, seed: 5, batchSize: 100, kernel });
    const centres = [Array.from(result.centroids.subarray(0, 2)), Array.from(result.centroids.subarray(2))];
    expect(centres.sort((a, b) => a[0]! - b[0]!)).toEqual([
      [0, 0],
      [10, 10],
    ]);
    expect(result.inertia).toBe(0);
    expect(new Set(result.assignments.subarray(0, 2000)).size).toBe(1);
    expect(result.assignments[0]).not.toBe(result.assignments[2000]);
  });
});

describe('JavaScript distance kernel known answers', () => {
  it('3-4-5 distances: (0,0) and (3,4) against (0,0) and (6,8)', () => {
    // |(0,0)-(6,8)|^2 = 100, |(3,4)-(0,0)|^2 = 25, |(3,4)-(6,8)|^2 = 9 + 16 = 25.
    const points = Float32Array.from([0, 0, 3, 4]);
    const centres = Float32Array.from([0, 0, 6, 8]);
    const out = new Float64Array(4);
    crossDistances(
      {
        points,
        pointNorms: squaredNorms(points, 2, 2),
        dimensions: 2,
        centres,
        centreNorms: squaredNorms(centres, 2, 2),
        centreCount: 2,
        start: 0,
        end: 2,
      },
      out,
    );
    expect(Array.from(out)).toEqual([0, 100, 25, 25]);
  });
});
