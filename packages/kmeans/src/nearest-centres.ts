import { invalidArgument } from '@borderline/core';
import { createEngine, type KernelChoice } from './distance-engine';
import { parallelThreads } from './kmeans';
import { type PointSet, pointSet } from './point-set';

/** Options of {@link nearestCentres}. */
export interface NearestCentresOptions {
  /** Threads for the pass (see KMeansOptions.threads). Results do not depend on it. */
  readonly threads?: number;
  /** Distance kernel (see KMeansOptions.kernel; default 'auto'). */
  readonly kernel?: KernelChoice;
}

/** Each point's nearest centre, its exact squared distance, and their sum. */
export interface CentreAssignment {
  readonly assignments: Int32Array;
  /** Exact squared distance of each point to its assigned centre, sum of (x - c)^2. */
  readonly distances: Float64Array;
  readonly inertia: number;
}

/**
 * Assigns every point (row-major) to its nearest of the given centres (row-major, k x dimensions), on the same
 * engine a k-means fit uses: the WebAssembly SIMD kernel when available, shared across threads when large. Ties
 * go to the lower centre index. This is the exact assignment pass after clustering a sample of the points.
 */
export function nearestCentres(
  points: Float32Array,
  dimensions: number,
  centres: Float32Array,
  options: NearestCentresOptions = {},
): CentreAssignment {
  const set = pointSet(points, dimensions, 'nearestCentres');
  if (centres.length === 0 || centres.length % dimensions !== 0) {
    throw invalidArgument(
      'nearestCentres',
      `centres.length ${centres.length} is not a positive multiple of dimensions ${dimensions}`,
    );
  }
  return assignToCentres(set, centres, centres.length / dimensions, options);
}

/** {@link nearestCentres} on a validated point set (mini-batch k-means' final pass too). */
export function assignToCentres(
  set: PointSet,
  centres: Float32Array,
  count: number,
  options: NearestCentresOptions,
): CentreAssignment {
  const threads = parallelThreads(set, count, options.threads);
  const engine = createEngine(set, {
    maxCentres: count,
    maxRows: 0,
    threads,
    kernel: options.kernel ?? 'auto',
  });
  engine.assign(centres, count);
  const inertia = engine.residuals(centres, count);
  const { assignments, distances } = engine.output;
  // Plain (unshared) copies: the engine's arrays live in its shared memory.
  return { assignments: assignments.slice(), distances: distances.slice(), inertia };
}
