import { createRng, invalidArgument, type Seed, throwIfAborted } from '@borderline/core';
import type { KernelChoice } from './distance-engine';
import { assignNearest, type NearestOutput, squaredNorms } from './distance-kernel';
import { checkK, type KMeansResult, kmeans, meanVariance } from './kmeans';
import { assignToCentres } from './nearest-centres';
import { gatherRows, type PointSet, pointSet } from './point-set';

/** Options of {@link miniBatchKMeans}. */
export interface MiniBatchKMeansOptions {
  readonly k: number;
  /** Points per step (default 1024). */
  readonly batchSize?: number;
  /** Steps at most (default 100). */
  readonly maxIterations?: number;
  /** Stop when a step's summed squared centre shift is at most tolerance x mean variance (default 1e-4). */
  readonly tolerance?: number;
  readonly seed: Seed;
  /** Threads for the final full pass (see KMeansOptions.threads). */
  readonly threads?: number;
  /** Distance kernel (see KMeansOptions.kernel). */
  readonly kernel?: KernelChoice;
  readonly signal?: AbortSignal;
}

/**
 * Mini-batch k-means (Sculley 2010) for pools of a million and more: greedy k-means++ on a sample of
 * 3 x batchSize points, then steps that move each centre toward the mean of its batch members with a per-centre
 * rate 1 / (points seen), re-seeding starved centres from the batch. A final full pass assigns every point, so
 * `assignments`, `distances` and `inertia` describe the whole data. Pools no larger than the init sample get
 * plain {@link kmeans}.
 */
export function miniBatchKMeans(
  points: Float32Array,
  dimensions: number,
  options: MiniBatchKMeansOptions,
): KMeansResult {
  const set = pointSet(points, dimensions, 'miniBatchKMeans');
  const { k, batchSize = 1024, maxIterations = 100, tolerance = 1e-4, seed } = options;
  checkK(k, 'miniBatchKMeans');
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw invalidArgument('miniBatchKMeans', `batchSize must be a positive integer, got ${batchSize}`);
  }
  const initSize = Math.max(3 * batchSize, 3 * k);
  if (set.count <= initSize)
    return kmeans(points, dimensions, { k, seed, tolerance, signal: options.signal, kernel: options.kernel });
  const rng = createRng(seed).fork('mini-batch');
  const sample = gatherRows(set, rng.sample(set.count, initSize));
  // As scikit-learn: the best of three k-means++ seedings of the init sample (no Lloyd rounds on it).
  const start = kmeans(sample.points, dimensions, {
    k,
    seed,
    maxIterations: 0,
    restarts: 3,
    kernel: options.kernel,
  });
  const centres = start.centroids;
  const centreCount = start.k;
  const seen = new Float64Array(centreCount).fill(1);
  const threshold = tolerance > 0 ? tolerance * meanVariance(sample) : 0;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    throwIfAborted(options.signal, 'miniBatchKMeans');
    const batch = gatherRows(set, rng.sample(set.count, Math.min(batchSize, set.count)));
    const shift = step(batch, { centres, centreCount, seen }, rng);
    iterations++;
    if (threshold > 0 && shift <= threshold) {
      converged = true;
      break;
    }
  }
  // The final full pass, on the fit's distance engine (WebAssembly SIMD when available).
  const final = assignToCentres(set, centres, centreCount, options);
  return { centroids: centres, k: centreCount, ...final, iterations, converged, warnings: start.warnings };
}

interface MiniBatchState {
  readonly centres: Float32Array;
  readonly centreCount: number;
  readonly seen: Float64Array;
}

/** One mini-batch step; returns the summed squared centre shift. */
function step(batch: PointSet, state: MiniBatchState, rng: ReturnType<typeof createRng>): number {
  const { centres, centreCount, seen } = state;
  const { dimensions } = batch;
  const output: NearestOutput = {
    assignments: new Int32Array(batch.count),
    distances: new Float64Array(batch.count),
  };
  const centreNorms = squaredNorms(centres, centreCount, dimensions);
  assignNearest({ ...batch, centres, centreNorms, centreCount, start: 0, end: batch.count }, output);
  const sums = new Float64Array(centreCount * dimensions);
  const counts = new Int32Array(centreCount);
  for (let row = 0; row < batch.count; row++) {
    const cluster = output.assignments[row]!;
    counts[cluster]!++;
    for (let j = 0; j < dimensions; j++)
      sums[cluster * dimensions + j]! += batch.points[row * dimensions + j]!;
  }
  let shift = 0;
  let maxSeen = 0;
  for (let cluster = 0; cluster < centreCount; cluster++) maxSeen = Math.max(maxSeen, seen[cluster]!);
  for (let cluster = 0; cluster < centreCount; cluster++) {
    const size = counts[cluster]!;
    if (size === 0) {
      // A centre that has caught almost nothing is moved onto a random batch point (scikit-learn's reassignment).
      if (seen[cluster]! < 1e-3 * maxSeen) shift += moveTo(batch, rng.int(0, batch.count), state, cluster);
      continue;
    }
    seen[cluster]! += size;
    const rate = size / seen[cluster]!;
    for (let j = 0; j < dimensions; j++) {
      const at = cluster * dimensions + j;
      const delta = rate * (sums[at]! / size - centres[at]!);
      centres[at]! += delta;
      shift += delta * delta;
    }
  }
  return shift;
}

function moveTo(batch: PointSet, row: number, state: MiniBatchState, cluster: number): number {
  const { dimensions } = batch;
  let shift = 0;
  for (let j = 0; j < dimensions; j++) {
    const value = batch.points[row * dimensions + j]!;
    const delta = value - state.centres[cluster * dimensions + j]!;
    shift += delta * delta;
    state.centres[cluster * dimensions + j] = value;
  }
  state.seen[cluster] = 1;
  return shift;
}
