import { invalidArgument } from '@borderline/core';
import { type NearestOutput, squaredDistance, squaredNorms } from './distance-kernel';
import { parallelAssign, parallelCross, shared } from './parallel-kernel';
import type { PointSet } from './point-set';
import {
  createWasmWorkspace,
  sumChunkRows,
  wasmAssign,
  wasmCross,
  wasmPotentials,
  wasmResiduals,
  wasmSimdAvailable,
  wasmSumMembers,
} from './wasm-kernel';

/**
 * Which distance kernel k-means runs on: the f32x4 WebAssembly kernel when the runtime has WebAssembly SIMD
 * ('auto', the default), or the blocked JavaScript kernel. Both give the same clustering up to float rounding:
 * the WebAssembly kernel sums dot products in f32 (as scikit-learn's float32 path does), the JavaScript one in f64.
 */
export type KernelChoice = 'auto' | 'wasm-simd' | 'js';

/** The distance passes one k-means fit needs, over a fixed point set. */
export interface DistanceEngine {
  readonly kind: 'wasm-simd' | 'js';
  /** Where {@link DistanceEngine.assign} writes; the engine's own arrays, overwritten by the next pass. */
  readonly output: NearestOutput;
  /** Nearest of the first `count` centres (row-major) for every point; returns the summed squared distance. */
  assign(centres: Float32Array, count: number): number;
  /** Squared distances of every point to the given rows of the points: `columns` (>= rows.length) per point. */
  toRows(rows: Int32Array): { readonly values: Float64Array; readonly columns: number };
  /**
   * For each of the first `out.length` columns of the last {@link DistanceEngine.toRows} (one per k-means++
   * trial), the sum over points of min(distance, closest[point]), in point order.
   */
  potentials(closest: Float64Array, out: Float64Array): void;
  /** Per-cluster sums of the points as `output.assignments` assigns them (count x dimensions), in row order. */
  sumMembers(count: number, sums: Float64Array): void;
  /**
   * Replaces `output.distances` by each point's exact squared distance to its assigned centre, sum of (x - c)^2
   * (the expansion loses precision for points near a centre far from the origin); returns their sum.
   */
  residuals(centres: Float32Array, count: number): number;
}

/** Sizes an engine must be ready for. */
export interface EngineNeeds {
  /** Most centres a pass will compare with (k, or the k-means++ trials if more). */
  readonly maxCentres: number;
  /** Most rows {@link DistanceEngine.toRows} will be asked for (0 when not used). */
  readonly maxRows: number;
  readonly threads: number;
  readonly kernel: KernelChoice;
}

/** The engine for `set`: WebAssembly SIMD when chosen or available (and the memory fits), else JavaScript. */
export function createEngine(set: PointSet, needs: EngineNeeds): DistanceEngine {
  const { kernel } = needs;
  if (kernel === 'wasm-simd' && !wasmSimdAvailable()) {
    throw invalidArgument('kmeans', "kernel 'wasm-simd' asked for, but this runtime lacks WebAssembly SIMD");
  }
  if (kernel !== 'js') {
    const maxCentres = Math.max(needs.maxCentres, needs.maxRows);
    const space = createWasmWorkspace(set, maxCentres, needs.maxRows, needs.threads);
    if (space !== undefined) {
      return {
        kind: 'wasm-simd',
        output: space.output,
        assign: (centres, count) => wasmAssign(space, centres, count),
        toRows: (rows) => wasmCross(space, set.points, rows),
        sumMembers: (count, sums) => wasmSumMembers(space, count, sums),
        potentials: (closest, out) => wasmPotentials(space, closest, out.length, out),
        residuals: (centres, count) => wasmResiduals(space, centres, count),
      };
    }
  }
  return jsEngine(set, needs.threads);
}

function jsEngine(set: PointSet, threads: number): DistanceEngine {
  const parallel = threads > 1;
  const wrap = <T extends Float32Array | Float64Array | Int32Array>(values: T): T =>
    parallel ? shared(values) : values;
  const work = { ...set, points: wrap(set.points), pointNorms: wrap(set.pointNorms) };
  const output = {
    assignments: wrap(new Int32Array(set.count)),
    distances: wrap(new Float64Array(set.count)),
  };
  let cross = new Float64Array(0);
  let lastColumns = 0;
  return {
    kind: 'js',
    output,
    assign(centres, count) {
      const centreNorms = wrap(squaredNorms(centres, count, set.dimensions));
      const task = {
        ...work,
        centres: wrap(centres),
        centreNorms,
        centreCount: count,
        start: 0,
        end: set.count,
      };
      return parallelAssign(task, output, threads);
    },
    toRows(rows) {
      const { points, dimensions } = set;
      if (cross.length < set.count * rows.length) cross = wrap(new Float64Array(set.count * rows.length));
      const centres = wrap(new Float32Array(rows.length * dimensions));
      const centreNorms = wrap(new Float64Array(rows.length));
      for (let index = 0; index < rows.length; index++) {
        const row = rows[index]!;
        centres.set(points.subarray(row * dimensions, (row + 1) * dimensions), index * dimensions);
        centreNorms[index] = set.pointNorms[row]!;
      }
      const task = { ...work, centres, centreNorms, centreCount: rows.length, start: 0, end: set.count };
      parallelCross(task, cross, threads);
      lastColumns = rows.length;
      return { values: cross, columns: rows.length };
    },
    potentials(closest, out) {
      const columns = lastColumns;
      for (let trial = 0; trial < out.length; trial++) {
        let sum = 0;
        for (let index = 0; index < set.count; index++)
          sum += Math.min(cross[index * columns + trial]!, closest[index]!);
        out[trial] = sum;
      }
    },
    sumMembers(count, sums) {
      // Per chunk, then chunks in order: the WebAssembly kernel's order, so both give identical sums.
      const { points, dimensions } = set;
      const chunkRows = sumChunkRows(set.count);
      const partial = new Float64Array(count * dimensions);
      sums.fill(0, 0, count * dimensions);
      for (let start = 0; start < set.count; start += chunkRows) {
        partial.fill(0);
        const end = Math.min(set.count, start + chunkRows);
        for (let row = start; row < end; row++) {
          const a = row * dimensions;
          const c = output.assignments[row]! * dimensions;
          for (let j = 0; j < dimensions; j++) partial[c + j]! += points[a + j]!;
        }
        for (let index = 0; index < partial.length; index++) sums[index]! += partial[index]!;
      }
    },
    residuals(centres) {
      let sum = 0;
      for (let row = 0; row < set.count; row++) {
        const value = squaredDistance(set.points, row, centres, output.assignments[row]!, set.dimensions);
        output.distances[row] = value;
        sum += value;
      }
      return sum;
    },
  };
}
