import { readFileSync } from 'node:fs';
import { BorderlineError } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { blobPoints } from './__fixtures__/blobs';
import { squaredDistance } from './distance-kernel';
import { kmeans } from './kmeans';
import { miniBatchKMeans } from './mini-batch-kmeans';
import { nearestCentres } from './nearest-centres';

interface ReferenceCase {
  readonly name: string;
  readonly n: number;
  readonly dimensions: number;
  readonly k: number;
  readonly points: number[];
  readonly planted: number[];
  readonly inertia: number;
}

const reference = JSON.parse(
  readFileSync(new URL('./__fixtures__/kmeans-reference.json', import.meta.url), 'utf8'),
) as { cases: ReferenceCase[] };

function exactInertia(
  points: Float32Array,
  dimensions: number,
  centroids: Float32Array,
  assignments: Int32Array,
): number {
  let sum = 0;
  for (let row = 0; row < assignments.length; row++)
    sum += squaredDistance(points, row, centroids, assignments[row]!, dimensions);
  return sum;
}

describe('kmeans against scikit-learn (fixture from scripts/make-kmeans-fixture.py)', () => {
  for (const item of reference.cases) {
    it(`${item.name}: inertia within 5% of scikit-learn's`, () => {
      const points = Float32Array.from(item.points);
      // Ten restarts, as the reference's n_init=10.
      const result = kmeans(points, item.dimensions, { k: item.k, seed: 1, restarts: 10 });
      expect(result.k).toBe(item.k);
      expect(Math.abs(result.inertia - item.inertia) / item.inertia).toBeLessThan(0.05);
      expect(result.inertia).toBeCloseTo(
        exactInertia(points, item.dimensions, result.centroids, result.assignments),
        0,
      );
    });
  }

  it('recovers planted, separated clusters exactly (one found cluster per planted cluster)', () => {
    const item = reference.cases.find((entry) => entry.name === 'separated-2d')!;
    const result = kmeans(Float32Array.from(item.points), item.dimensions, { k: item.k, seed: 7 });
    // Purity: each found cluster is almost all one planted cluster, and every planted cluster is found.
    const counts = new Map<string, number>();
    item.planted.forEach((planted, row) => {
      const cell = `${result.assignments[row]}:${planted}`;
      counts.set(cell, (counts.get(cell) ?? 0) + 1);
    });
    const majority = new Map<number, [number, number]>();
    for (const [cell, count] of counts) {
      const [found, planted] = cell.split(':').map(Number) as [number, number];
      if ((majority.get(found)?.[1] ?? -1) < count) majority.set(found, [planted, count]);
    }
    const pure = [...majority.values()].reduce((sum, [, count]) => sum + count, 0);
    expect(pure / item.n).toBeGreaterThan(0.98);
    expect(new Set([...majority.values()].map(([planted]) => planted)).size).toBe(item.k);
  });
});

describe('kmeans behaviour', () => {
  const grid = Float32Array.from({ length: 400 }, (_, index) => ((index * 7919) % 101) / 10);

  it('is deterministic for a seed', () => {
    const a = kmeans(grid, 4, { k: 6, seed: 'x' });
    const b = kmeans(grid, 4, { k: 6, seed: 'x' });
    expect(a.assignments).toEqual(b.assignments);
    expect(a.centroids).toEqual(b.centroids);
  });

  it('stops when no assignment changes, before maxIterations', () => {
    const result = kmeans(grid, 4, { k: 3, seed: 2, tolerance: 0, maxIterations: 500 });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeLessThan(500);
  });

  it('uses fewer clusters, with a warning, when there are fewer points than k', () => {
    const result = kmeans(Float32Array.from([0, 0, 1, 1, 2, 2]), 2, { k: 5, seed: 1 });
    expect(result.k).toBe(3);
    expect(result.inertia).toBe(0);
    expect(result.warnings.join()).toMatch(/3 points for k = 5/);
  });

  it('uses one cluster per distinct point, with a warning, when embeddings repeat', () => {
    const points = Float32Array.from([1, 1, 1, 1, 1, 1, 5, 5, 5, 5]);
    const result = kmeans(points, 2, { k: 4, seed: 1 });
    expect(result.k).toBe(2);
    expect(result.inertia).toBe(0);
    expect(result.warnings.join()).toMatch(/only 2 distinct points/);
  });

  it('re-seeds a cluster that starts empty', () => {
    const points = Float32Array.from([0, 0, 0.1, 0, 10, 10, 10.1, 10, 20, 0, 20.1, 0]);
    const init = Float32Array.from([0, 0, 10, 10, 1000, 1000]);
    const result = kmeans(points, 2, { k: 3, seed: 1, init });
    const sizes = [0, 0, 0];
    for (const cluster of result.assignments) sizes[cluster]!++;
    expect(sizes.every((size) => size > 0)).toBe(true);
    expect(result.warnings).toContain('kmeans: re-seeded an empty cluster');
    expect(result.inertia).toBeCloseTo(3 * 0.005, 4);
  });

  it('handles an empty pool and rejects bad shapes', () => {
    expect(kmeans(new Float32Array(0), 3, { k: 2, seed: 1 }).k).toBe(0);
    expect(() => kmeans(new Float32Array(5), 2, { k: 2, seed: 1 })).toThrow(BorderlineError);
    expect(() => kmeans(new Float32Array(4), 2, { k: 0, seed: 1 })).toThrow(/k must be a positive integer/);
    expect(() => nearestCentres(new Float32Array(4), 2, new Float32Array(3))).toThrow(
      /centres.length 3 is not a positive multiple of dimensions 2/,
    );
  });
});

describe('miniBatchKMeans', () => {
  it('comes within 10% of full k-means inertia on a larger planted pool and assigns every point', () => {
    const item = reference.cases.find((entry) => entry.name === 'many-16d')!;
    const base = Float32Array.from(item.points);
    const points = new Float32Array(base.length * 10);
    for (let copy = 0; copy < 10; copy++) {
      for (let index = 0; index < base.length; index++)
        points[copy * base.length + index] = base[index]! + ((copy * 31 + index) % 17) * 1e-3;
    }
    const full = kmeans(points, item.dimensions, { k: item.k, seed: 3, restarts: 3 });
    const mini = miniBatchKMeans(points, item.dimensions, { k: item.k, seed: 3, batchSize: 512 });
    expect(mini.assignments.length).toBe(item.n * 10);
    expect(mini.inertia).toBeLessThan(full.inertia * 1.1);
    expect(mini.inertia).toBeCloseTo(
      exactInertia(points, item.dimensions, mini.centroids, mini.assignments),
      -1,
    );
  });
});

describe('kmeans on worker threads', () => {
  it('gives the same clustering on 2 threads as on 1 (a pass large enough to go parallel), from TypeScript source', () => {
    const points = blobPoints(20_000, 32, 'threads', 0.5);
    const one = kmeans(points, 32, { k: 32, seed: 4, maxIterations: 5, tolerance: 0, threads: 1 });
    const two = kmeans(points, 32, { k: 32, seed: 4, maxIterations: 5, tolerance: 0, threads: 2 });
    expect(two.assignments).toEqual(one.assignments);
    expect(two.centroids).toEqual(one.centroids);
    expect(two.inertia).toBe(one.inertia);
    expect(two.assignments.buffer).toBeInstanceOf(ArrayBuffer);
    const mini = miniBatchKMeans(points, 32, { k: 32, seed: 4, threads: 2 });
    const miniOne = miniBatchKMeans(points, 32, { k: 32, seed: 4, threads: 1 });
    expect(mini.assignments).toEqual(miniOne.assignments);
  });
});
