import { createRng, invalidArgument, type Seed, throwIfAborted } from '@borderline/core';
import { createEngine, type DistanceEngine, type KernelChoice } from './distance-engine';
import type { NearestOutput } from './distance-kernel';
import { greedyKMeansPlusPlus, type InitialCentres, kMeansPlusPlusTrials, randomRows } from './kmeans-init';
import { defaultThreads, PARALLEL_MIN_WORK } from './parallel-kernel';
import { type PointSet, pointSet } from './point-set';

/** How k-means picks its first centres: greedy k-means++, k random rows, or centres you give (k x dimensions). */
export type KMeansInit = 'k-means++' | 'random' | Float32Array;

/** Options of {@link kmeans}. */
export interface KMeansOptions {
  readonly k: number;
  /** Lloyd iterations at most (default 100). */
  readonly maxIterations?: number;
  /**
   * Stop when the summed squared centre shift is at most `tolerance` times the data's mean per-dimension
   * variance (scikit-learn's convention; default 1e-4). 0 stops only when no assignment changes.
   */
  readonly tolerance?: number;
  readonly seed: Seed;
  readonly init?: KMeansInit;
  /**
   * Threads for the distance passes (default: the cores Node reports, at most 4). Results do not depend on it.
   * Passes under ~2e7 multiply-adds always run on the calling thread.
   */
  readonly threads?: number;
  /** Independent seeded runs, the lowest inertia kept (scikit-learn's n_init; default 1). */
  readonly restarts?: number;
  /**
   * Distance kernel (default 'auto': WebAssembly SIMD when the runtime has it, else JavaScript). The kernels agree
   * up to float rounding (f32 against f64 dot products); see {@link KernelChoice}.
   */
  readonly kernel?: KernelChoice;
  readonly signal?: AbortSignal;
}

/** A clustering: `centroids` is k x dimensions (k may be below the asked k, see `warnings`). */
export interface KMeansResult {
  readonly centroids: Float32Array;
  readonly k: number;
  readonly assignments: Int32Array;
  /** Squared distance of each point to its centroid. */
  readonly distances: Float64Array;
  /** Sum of squared distances of points to their centroid. */
  readonly inertia: number;
  /** Lloyd updates performed. */
  readonly iterations: number;
  readonly converged: boolean;
  readonly warnings: readonly string[];
}

/**
 * Lloyd's k-means on row-major Float32 points, seeded: greedy k-means++ (or the given) initial centres, then
 * assign-update rounds until the centre shift falls within tolerance, no assignment changes, or `maxIterations`.
 * Empty clusters are re-seeded with the points farthest from their centre. Fewer points (or fewer distinct
 * points) than k yields fewer clusters and a warning. Distance passes run on an f32x4 WebAssembly kernel (or the
 * blocked JavaScript one, see `kernel`), shared across worker threads when large (see `threads`).
 */
export function kmeans(points: Float32Array, dimensions: number, options: KMeansOptions): KMeansResult {
  const set = pointSet(points, dimensions, 'kmeans');
  const warnings: string[] = [];
  const { k, maxIterations = 100, tolerance = 1e-4 } = options;
  checkK(k, 'kmeans');
  if (!(maxIterations >= 0) || !Number.isInteger(maxIterations)) {
    throw invalidArgument('kmeans', `maxIterations must be an integer >= 0, got ${maxIterations}`);
  }
  const { restarts = 1 } = options;
  if (!Number.isInteger(restarts) || restarts < 1) {
    throw invalidArgument('kmeans', `restarts must be a positive integer, got ${restarts}`);
  }
  const threshold = tolerance > 0 ? tolerance * meanVariance(set) : 0;
  const threads = parallelThreads(set, k, options.threads);
  const wanted = Math.min(k, set.count);
  const seeding = options.init === undefined || options.init === 'k-means++';
  const engine = createEngine(set, {
    maxCentres: wanted,
    maxRows: seeding ? Math.max(1, kMeansPlusPlusTrials(wanted)) : 0,
    threads,
    kernel: options.kernel ?? 'auto',
  });
  let best: KMeansResult | undefined;
  for (let run = 0; run < restarts; run++) {
    const runWarnings = [...warnings];
    const seed = run === 0 ? options.seed : `${options.seed}:restart:${run}`;
    const initial = initialCentres(set, { ...options, seed }, runWarnings, engine);
    const result = lloyd(
      set,
      initial,
      { maxIterations, threshold, signal: options.signal, engine },
      runWarnings,
    );
    if (best === undefined || result.inertia < best.inertia) best = result;
  }
  return best!;
}

/** The threads a fit of this size should use: 1 unless the distance passes are large enough to pay. */
export function parallelThreads(set: PointSet, k: number, requested: number | undefined): number {
  const threads = requested ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1)
    throw invalidArgument('kmeans', `threads must be a positive integer, got ${threads}`);
  return set.count * Math.min(k, set.count) * set.dimensions >= PARALLEL_MIN_WORK ? threads : 1;
}

/** Throws unless k is a positive integer. */
export function checkK(k: number, component: string): void {
  if (!Number.isInteger(k) || k < 1)
    throw invalidArgument(component, `k must be a positive integer, got ${k}`);
}

function initialCentres(
  set: PointSet,
  options: KMeansOptions,
  warnings: string[],
  engine: DistanceEngine,
): InitialCentres {
  const { k, init = 'k-means++' } = options;
  const rng = createRng(options.seed).fork('kmeans-init');
  if (set.count < k) warnings.push(`kmeans: ${set.count} points for k = ${k}; using k = ${set.count}`);
  const wanted = Math.min(k, set.count);
  let initial: InitialCentres;
  if (init instanceof Float32Array) {
    if (init.length !== k * set.dimensions) {
      throw invalidArgument(
        'kmeans',
        `init has ${init.length} values, expected k x dimensions = ${k * set.dimensions}`,
      );
    }
    initial = { centres: init.slice(0, wanted * set.dimensions), count: wanted };
  } else if (init === 'random') {
    initial = randomRows(set, wanted, rng);
  } else {
    initial = greedyKMeansPlusPlus(set, wanted, rng, engine);
  }
  if (initial.count < wanted) {
    warnings.push(
      `kmeans: only ${initial.count} distinct points (duplicate embeddings); using k = ${initial.count}`,
    );
  }
  return initial;
}

/** Mean over dimensions of the per-dimension variance: the scale the tolerance is relative to. */
export function meanVariance(set: PointSet): number {
  const { points, count, dimensions } = set;
  if (count === 0) return 0;
  const mean = new Float64Array(dimensions);
  for (let row = 0; row < count; row++) {
    for (let j = 0; j < dimensions; j++) mean[j]! += points[row * dimensions + j]!;
  }
  let total = 0;
  for (let j = 0; j < dimensions; j++) mean[j] = mean[j]! / count;
  for (let row = 0; row < count; row++) {
    for (let j = 0; j < dimensions; j++) {
      const delta = points[row * dimensions + j]! - mean[j]!;
      total += delta * delta;
    }
  }
  return total / count / dimensions;
}

interface LloydSettings {
  readonly engine: DistanceEngine;
  readonly maxIterations: number;
  readonly threshold: number;
  readonly signal: AbortSignal | undefined;
}

function lloyd(
  set: PointSet,
  initial: InitialCentres,
  settings: LloydSettings,
  warnings: string[],
): KMeansResult {
  const k = initial.count;
  const centres = initial.centres;
  const { engine } = settings;
  const output = engine.output;
  const previous = new Int32Array(set.count).fill(-1);
  const sums = new Float64Array(k * set.dimensions);
  const counts = new Int32Array(k);
  let iterations = 0;
  let converged = false;
  let inertia = engine.assign(centres, k);
  while (iterations < settings.maxIterations && k > 0) {
    throwIfAborted(settings.signal, 'kmeans');
    if (iterations > 0 && sameAssignments(previous, output.assignments)) {
      converged = true;
      break;
    }
    previous.set(output.assignments);
    const shift = updateCentres(set, engine, { centres, k, sums, counts }, warnings);
    iterations++;
    inertia = engine.assign(centres, k);
    if (settings.threshold > 0 && shift <= settings.threshold) {
      converged = true;
      break;
    }
  }
  // The passes' distances come from the expansion; the reported ones are exact (as scikit-learn's inertia).
  if (k > 0) inertia = engine.residuals(centres, k);
  // Plain (unshared) copies: callers may post or transfer them.
  const result = {
    centroids: centres.slice(),
    assignments: output.assignments.slice(),
    distances: output.distances.slice(),
  };
  return { ...result, k, inertia, iterations, converged, warnings };
}

function sameAssignments(previous: Int32Array, current: Int32Array): boolean {
  for (let index = 0; index < current.length; index++) if (previous[index] !== current[index]) return false;
  return true;
}

interface CentreState {
  readonly centres: Float32Array;
  readonly k: number;
  readonly sums: Float64Array;
  readonly counts: Int32Array;
}

/** Moves each centre to its members' mean (re-seeding empty ones) and returns the summed squared shift. */
function updateCentres(
  set: PointSet,
  engine: DistanceEngine,
  state: CentreState,
  warnings: string[],
): number {
  const output = engine.output;
  const { count, dimensions } = set;
  const { centres, k, sums, counts } = state;
  counts.fill(0);
  for (let row = 0; row < count; row++) counts[output.assignments[row]!]!++;
  engine.sumMembers(k, sums);
  reseedEmpty(set, output, state, warnings);
  let shift = 0;
  for (let cluster = 0; cluster < k; cluster++) {
    const size = counts[cluster]!;
    if (size === 0) continue;
    const c = cluster * dimensions;
    for (let j = 0; j < dimensions; j++) {
      const next = sums[c + j]! / size;
      const delta = next - centres[c + j]!;
      shift += delta * delta;
      centres[c + j] = next;
    }
  }
  return shift;
}

/**
 * An empty cluster takes the point farthest from its current centre (scikit-learn's relocation rule), which
 * leaves that point's old cluster; sums and counts are moved with it.
 */
function reseedEmpty(set: PointSet, output: NearestOutput, state: CentreState, warnings: string[]): void {
  const { points, dimensions } = set;
  const { k, sums, counts } = state;
  const taken = new Set<number>();
  for (let cluster = 0; cluster < k; cluster++) {
    if (counts[cluster]! > 0) continue;
    const row = farthestMovable(output, counts, taken);
    if (row < 0) continue;
    taken.add(row);
    const from = output.assignments[row]!;
    counts[from]!--;
    counts[cluster] = 1;
    output.assignments[row] = cluster;
    for (let j = 0; j < dimensions; j++) {
      const value = points[row * dimensions + j]!;
      sums[from * dimensions + j]! -= value;
      sums[cluster * dimensions + j] = value;
    }
    if (!warnings.includes('kmeans: re-seeded an empty cluster'))
      warnings.push('kmeans: re-seeded an empty cluster');
  }
}

function farthestMovable(output: NearestOutput, counts: Int32Array, taken: Set<number>): number {
  let best = -1;
  let bestDistance = -1;
  for (let row = 0; row < output.distances.length; row++) {
    if (taken.has(row) || counts[output.assignments[row]!]! < 2) continue;
    if (output.distances[row]! > bestDistance) {
      bestDistance = output.distances[row]!;
      best = row;
    }
  }
  return best;
}
