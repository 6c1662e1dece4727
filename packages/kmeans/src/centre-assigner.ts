import { invalidArgument } from '@borderline/core';
import type { KernelChoice } from './distance-engine';
import { type CentreAssignment, nearestCentres } from './nearest-centres';
import { defaultThreads } from './parallel-kernel';
import { pointSet } from './point-set';
import {
  createWasmWorkspace,
  reloadPoints,
  type WasmWorkspace,
  wasmAssign,
  wasmResiduals,
  wasmSimdAvailable,
} from './wasm-kernel';

/** Options of {@link createCentreAssigner}. */
export interface CentreAssignerOptions {
  /** Rows per block held in the reused memory (default 32,768). */
  readonly blockRows?: number;
  /** The most centres any call passes. */
  readonly maxCentres: number;
  /** Threads per block (see `nearestCentres`); results do not depend on it. */
  readonly threads?: number;
  /** Distance kernel (default 'auto'). */
  readonly kernel?: KernelChoice;
}

/** {@link nearestCentres} for many point sets in a row (a pool's shards), on one reused memory. */
export interface CentreAssigner {
  /** `nearestCentres(points, dimensions, centres)`: the same assignments and distances (inertia summed per block). */
  assign(points: Float32Array, centres: Float32Array): CentreAssignment;
}

/**
 * A reusable exact assignment pass. `nearestCentres` makes a WebAssembly memory per call, which the runtime frees
 * only when it collects garbage, so thousands of calls in a row (one per shard) can hold gigabytes; this keeps
 * one memory of `blockRows` rows and streams each call's points through it block by block. Rows are independent,
 * so the results are `nearestCentres`'s, bit for bit.
 */
export function createCentreAssigner(dimensions: number, options: CentreAssignerOptions): CentreAssigner {
  const { blockRows = 32_768, maxCentres, kernel = 'auto' } = options;
  if (!Number.isInteger(blockRows) || blockRows < 1 || !Number.isInteger(maxCentres) || maxCentres < 1) {
    throw invalidArgument(
      'createCentreAssigner',
      `blockRows and maxCentres must be positive integers, got ${blockRows} and ${maxCentres}`,
    );
  }
  const threads = options.threads ?? defaultThreads();
  let space: WasmWorkspace | undefined;
  if (kernel !== 'js' && wasmSimdAvailable()) {
    space = createWasmWorkspace(
      pointSet(new Float32Array(blockRows * dimensions), dimensions, 'createCentreAssigner'),
      maxCentres,
      0,
      threads,
    );
  }
  return {
    assign(points, centres) {
      const count = pointSet(points, dimensions, 'CentreAssigner').count;
      const k = centres.length / dimensions;
      if (space === undefined || k > maxCentres || !Number.isInteger(k) || k < 1) {
        return nearestCentres(points, dimensions, centres, { threads, kernel });
      }
      const assignments = new Int32Array(count);
      const distances = new Float64Array(count);
      let inertia = 0;
      for (let start = 0; start < count; start += blockRows) {
        const rows = Math.min(blockRows, count - start);
        const block = reloadPoints(
          space,
          points.subarray(start * dimensions, (start + rows) * dimensions),
          rows,
        );
        wasmAssign(block, centres, k);
        inertia += wasmResiduals(block, centres, k);
        assignments.set(block.output.assignments, start);
        distances.set(block.output.distances, start);
      }
      return { assignments, distances, inertia };
    },
  };
}
