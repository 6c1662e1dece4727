import { createRng } from '@borderline/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from './distance-engine';
import { squaredDistance, squaredNorms } from './distance-kernel';
import { kmeans } from './kmeans';
import { signedLeb, unsignedLeb } from './wasm-emitter';
import { wasmSimdAvailable } from './wasm-kernel';

function uniform(rows: number, dimensions: number, seed: string, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: rows * dimensions }, () => (rng.float() * 2 - 1) * scale);
}

function decodeLeb(bytes: number[], signed: boolean): number {
  let value = 0;
  let shift = 0;
  for (const byte of bytes) {
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) {
      if (signed && byte & 0x40) value -= 2 ** shift;
      break;
    }
  }
  return value;
}

describe('wasm emitter', () => {
  it('LEB128 round-trips any 32-bit integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (value) => {
        const signed: number[] = [];
        signedLeb(signed, value);
        expect(decodeLeb(signed, true)).toBe(value);
        const unsigned: number[] = [];
        unsignedLeb(unsigned, value >>> 0);
        expect(decodeLeb(unsigned, false)).toBe(value >>> 0);
      }),
    );
  });
});

describe.runIf(wasmSimdAvailable())('WebAssembly SIMD kernel', () => {
  it('finds the nearest centre and its distance for any shape (padding of rows, dimensions, centres)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 1000 }),
        (rows, centres, dimensions, seed) => {
          const points = uniform(rows, dimensions, `points:${seed}`, 10);
          const set = { points, pointNorms: squaredNorms(points, rows, dimensions), count: rows, dimensions };
          const engine = createEngine(set, {
            maxCentres: centres,
            maxRows: 0,
            threads: 1,
            kernel: 'wasm-simd',
          });
          const centroids = uniform(centres, dimensions, `centres:${seed}`, 10);
          const inertia = engine.assign(centroids, centres);
          let sum = 0;
          for (let row = 0; row < rows; row++) {
            let best = Number.POSITIVE_INFINITY;
            for (let c = 0; c < centres; c++)
              best = Math.min(best, squaredDistance(points, row, centroids, c, dimensions));
            const chosen = engine.output.assignments[row]!;
            const scale = 1e-5 * (1 + set.pointNorms[row]! + best);
            expect(squaredDistance(points, row, centroids, chosen, dimensions) - best).toBeLessThanOrEqual(
              scale,
            );
            expect(Math.abs(engine.output.distances[row]! - best)).toBeLessThanOrEqual(scale);
            sum += engine.output.distances[row]!;
          }
          expect(inertia).toBeCloseTo(sum, 6);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives exactly 0 from a point to itself, in both passes', () => {
    const points = uniform(6, 7, 'self', 50);
    const set = { points, pointNorms: squaredNorms(points, 6, 7), count: 6, dimensions: 7 };
    const engine = createEngine(set, { maxCentres: 6, maxRows: 6, threads: 1, kernel: 'wasm-simd' });
    const { values, columns } = engine.toRows(Int32Array.from([0, 1, 2, 3, 4, 5]));
    for (let row = 0; row < 6; row++) expect(values[row * columns + row]).toBe(0);
    engine.assign(points, 6);
    expect(Array.from(engine.output.distances)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(engine.output.assignments)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('sums cluster members exactly as the JavaScript kernel does (one chunk and several)', () => {
    for (const rows of [103, 20_003]) {
      const points = uniform(rows, 13, `sums:${rows}`, 3);
      const set = { points, pointNorms: squaredNorms(points, rows, 13), count: rows, dimensions: 13 };
      const centres = uniform(5, 13, 'sum-centres', 3);
      const sums = (kernel: 'js' | 'wasm-simd') => {
        const engine = createEngine(set, { maxCentres: 5, maxRows: 0, threads: 1, kernel });
        engine.assign(centres, 5);
        const out = new Float64Array(5 * 13);
        engine.sumMembers(5, out);
        return { out, assignments: engine.output.assignments.slice() };
      };
      const wasm = sums('wasm-simd');
      const js = sums('js');
      expect(wasm.assignments).toEqual(js.assignments);
      expect(wasm.out).toEqual(js.out);
    }
  });

  it('sums k-means++ trial potentials exactly as a plain loop over its own distances', () => {
    const points = uniform(57, 6, 'potentials', 4);
    const set = { points, pointNorms: squaredNorms(points, 57, 6), count: 57, dimensions: 6 };
    for (const trials of [1, 4, 5, 9]) {
      const engine = createEngine(set, { maxCentres: 3, maxRows: trials, threads: 1, kernel: 'wasm-simd' });
      const rows = Int32Array.from({ length: trials }, (_, index) => (index * 11) % 57);
      const { values, columns } = engine.toRows(rows);
      const closest = Float64Array.from({ length: 57 }, (_, index) => (index % 7) * 3);
      const out = new Float64Array(trials);
      engine.potentials(closest, out);
      for (let trial = 0; trial < trials; trial++) {
        let sum = 0;
        for (let index = 0; index < 57; index++)
          sum += Math.min(values[index * columns + trial]!, closest[index]!);
        expect(out[trial]).toBe(sum);
      }
    }
  });

  it('k-means gives the same assignments on both kernels, inertia within float rounding', () => {
    for (const [rows, dimensions, k] of [
      [2000, 8, 5],
      [1501, 33, 13],
    ] as const) {
      const points = uniform(rows, dimensions, `kernels:${rows}`);
      const options = { k, maxIterations: 30, tolerance: 0, seed: 7 };
      const wasm = kmeans(points, dimensions, { ...options, kernel: 'wasm-simd' });
      const js = kmeans(points, dimensions, { ...options, kernel: 'js' });
      expect(wasm.assignments).toEqual(js.assignments);
      expect(wasm.iterations).toBe(js.iterations);
      expect(Math.abs(wasm.inertia - js.inertia)).toBeLessThanOrEqual(1e-5 * js.inertia);
    }
  });

  it('gives identical results on 1 and 2 threads (passes large enough to be shared)', () => {
    // 40,000 x 64: large enough that the distance passes and the centre sums are both shared.
    const points = uniform(40_000, 64, 'threads');
    const options = { k: 32, maxIterations: 3, tolerance: 0, seed: 3, kernel: 'wasm-simd' } as const;
    const one = kmeans(points, 64, { ...options, threads: 1 });
    const two = kmeans(points, 64, { ...options, threads: 2 });
    expect(two.assignments).toEqual(one.assignments);
    expect(two.distances).toEqual(one.distances);
    expect(two.centroids).toEqual(one.centroids);
    expect(two.inertia).toBe(one.inertia);
  });
});
