import { createRng } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { createCentreAssigner } from './centre-assigner';
import { nearestCentres } from './nearest-centres';

function randomMatrix(rows: number, dimensions: number, seed: string): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: rows * dimensions }, () => rng.normal(0, 2));
}

describe('createCentreAssigner', () => {
  for (const kernel of ['auto', 'js'] as const) {
    it(`${kernel}: equals nearestCentres bit for bit over calls of many sizes on one memory`, () => {
      const dimensions = 13;
      const assigner = createCentreAssigner(dimensions, { blockRows: 1000, maxCentres: 9, kernel });
      // Sizes above, at and below the block (stale rows from a larger call must not leak into a smaller one).
      for (const [rows, k, seed] of [
        [4321, 9, 'a'],
        [1000, 3, 'b'],
        [7, 9, 'c'],
        [2999, 1, 'd'],
      ] as const) {
        const points = randomMatrix(rows, dimensions, `points-${seed}`);
        const centres = randomMatrix(k, dimensions, `centres-${seed}`);
        const expected = nearestCentres(points, dimensions, centres, { kernel });
        const found = assigner.assign(points, centres);
        expect(found.assignments).toEqual(expected.assignments);
        expect(found.distances).toEqual(expected.distances);
        expect(found.inertia).toBeCloseTo(expected.inertia, 6);
      }
    });
  }

  it('rejects a block size that is not a positive integer', () => {
    expect(() => createCentreAssigner(4, { blockRows: 0, maxCentres: 2 })).toThrow(/blockRows/);
  });
});
