import { invalidArgument } from '@borderline/core';
import type { KernelChoice } from './distance-engine';
import { crossDistances, squaredNorms } from './distance-kernel';
import { createWasmWorkspace, type WasmWorkspace, wasmCrossBetween, wasmSimdAvailable } from './wasm-kernel';

/** All squared distances between two small row sets: `values[row * columns + centre]`. */
export interface CrossDistances {
  readonly values: Float64Array;
  /** Values per row (at least the centre count; the WebAssembly kernel pads it to its block). */
  readonly columns: number;
}

/**
 * Cross distances for many small sets (a few thousand rows, a few dozen centres) in a row, reusing one memory.
 * Results are a view, valid until the next call.
 */
export interface CrossKernel {
  readonly kind: 'wasm-simd' | 'js';
  /** Squared distances of the first `rows` rows of `points` to the first `count` rows of `centres`. */
  cross(points: Float32Array, rows: number, centres: Float32Array, count: number): CrossDistances;
}

/**
 * A {@link CrossKernel} over `dimensions`-dimensional rows: the f32x4 WebAssembly kernel ('auto' when the runtime
 * has SIMD, or 'wasm-simd'), on the calling thread, its memory grown as calls need; or the blocked JavaScript
 * kernel ('js', f64 sums). The WebAssembly kernel's dot products are f32, so distances differ from the
 * JavaScript kernel's in the last float32 digits (relative to the rows' squared norms).
 */
export function createCrossKernel(dimensions: number, kernel: KernelChoice = 'auto'): CrossKernel {
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw invalidArgument('createCrossKernel', `dimensions must be a positive integer, got ${dimensions}`);
  }
  if (kernel === 'wasm-simd' && !wasmSimdAvailable()) {
    throw invalidArgument(
      'createCrossKernel',
      "kernel 'wasm-simd' asked for, but this runtime lacks WebAssembly SIMD",
    );
  }
  if (kernel === 'js' || !wasmSimdAvailable()) return jsCrossKernel(dimensions);
  let space: WasmWorkspace | undefined;
  let capacity = { rows: 0, centres: 0 };
  return {
    kind: 'wasm-simd',
    cross(points, rows, centres, count) {
      if (space === undefined || rows > capacity.rows || count > capacity.centres) {
        capacity = {
          rows: Math.max(rows, 2 * capacity.rows, 64),
          centres: Math.max(count, capacity.centres, 8),
        };
        const blank = {
          points: new Float32Array(capacity.rows * dimensions),
          count: capacity.rows,
          dimensions,
        };
        space = createWasmWorkspace(
          { ...blank, pointNorms: new Float64Array(0) },
          capacity.centres,
          capacity.centres,
          1,
        );
        if (space === undefined) return jsCross(dimensions, points, rows, centres, count);
      }
      return wasmCrossBetween(space, points, rows, centres, count);
    },
  };
}

function jsCrossKernel(dimensions: number): CrossKernel {
  return {
    kind: 'js',
    cross: (points, rows, centres, count) => jsCross(dimensions, points, rows, centres, count),
  };
}

function jsCross(
  dimensions: number,
  points: Float32Array,
  rows: number,
  centres: Float32Array,
  count: number,
): CrossDistances {
  const values = new Float64Array(rows * count);
  crossDistances(
    {
      points,
      pointNorms: squaredNorms(points, rows, dimensions),
      dimensions,
      centres,
      centreNorms: squaredNorms(centres, count, dimensions),
      centreCount: count,
      start: 0,
      end: rows,
    },
    values,
  );
  return { values, columns: count };
}
