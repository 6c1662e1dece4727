import { createRng } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { createCrossKernel } from './cross-kernel';
import { squaredDistance } from './distance-kernel';
import { wasmSimdAvailable } from './wasm-kernel';

const kernels = wasmSimdAvailable() ? (['js', 'wasm-simd'] as const) : (['js'] as const);

function uniform(rows: number, dimensions: number, seed: string): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: rows * dimensions }, () => rng.float() * 2 - 1);
}

describe.each(kernels)('createCrossKernel (%s)', (kind) => {
  it('3-4-5 distances: (0,0) and (3,4) against (0,0) and (6,8)', () => {
    const kernel = createCrossKernel(2, kind);
    expect(kernel.kind).toBe(kind);
    const { values, columns } = kernel.cross(
      Float32Array.from([0, 0, 3, 4]),
      2,
      Float32Array.from([0, 0, 6, 8]),
      2,
    );
    expect([values[0], values[1], values[columns], values[columns + 1]]).toEqual([0, 100, 25, 25]);
  });

  it('matches exact distances over a run of calls that grow and shrink (stale rows never leak)', () => {
    const dimensions = 13;
    const kernel = createCrossKernel(dimensions, kind);
    for (const [rows, count] of [
      [5, 3],
      [300, 40],
      [7, 9],
      [1, 1],
      [130, 64],
    ] as const) {
      const points = uniform(rows, dimensions, `points:${rows}`);
      const centres = uniform(count, dimensions, `centres:${count}`);
      const { values, columns } = kernel.cross(points, rows, centres, count);
      expect(columns).toBeGreaterThanOrEqual(count);
      for (let row = 0; row < rows; row++) {
        for (let centre = 0; centre < count; centre++) {
          const exact = squaredDistance(points, row, centres, centre, dimensions);
          expect(Math.abs(values[row * columns + centre]! - exact)).toBeLessThan(1e-5);
        }
      }
    }
  });
});

describe('createCrossKernel arguments', () => {
  it('rejects bad dimensions', () => {
    expect(() => createCrossKernel(0)).toThrow(/dimensions must be a positive integer/);
  });
});
