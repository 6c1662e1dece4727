import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignNearest, crossDistances, squaredDistance, squaredNorms } from './distance-kernel';

const matrix = (rows: number, dimensions: number) =>
  fc
    .array(fc.float({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }), {
      minLength: rows * dimensions,
      maxLength: rows * dimensions,
    })
    .map((values) => Float32Array.from(values));

const shapes = fc.record({
  rows: fc.integer({ min: 1, max: 11 }),
  centres: fc.integer({ min: 1, max: 9 }),
  dimensions: fc.integer({ min: 1, max: 7 }),
});

describe('blocked distance kernel', () => {
  it('matches the naive nearest centre and distance for any shape (block remainders included)', () => {
    fc.assert(
      fc.property(
        shapes.chain((shape) =>
          fc.tuple(
            fc.constant(shape),
            matrix(shape.rows, shape.dimensions),
            matrix(shape.centres, shape.dimensions),
          ),
        ),
        ([shape, points, centres]) => {
          const { rows, dimensions } = shape;
          const output = { assignments: new Int32Array(rows), distances: new Float64Array(rows) };
          const task = {
            points,
            pointNorms: squaredNorms(points, rows, dimensions),
            dimensions,
            centres,
            centreNorms: squaredNorms(centres, shape.centres, dimensions),
            centreCount: shape.centres,
            start: 0,
            end: rows,
          };
          const inertia = assignNearest(task, output);
          const all = new Float64Array(rows * shape.centres);
          crossDistances(task, all);
          let sum = 0;
          for (let row = 0; row < rows; row++) {
            let best = Number.POSITIVE_INFINITY;
            for (let c = 0; c < shape.centres; c++) {
              const exact = squaredDistance(points, row, centres, c, dimensions);
              best = Math.min(best, exact);
              expect(all[row * shape.centres + c]).toBeCloseTo(exact, -Math.log10(1e-6 * (1 + exact * 10)));
            }
            const chosen = squaredDistance(points, row, centres, output.assignments[row]!, dimensions);
            // The chosen centre is the nearest up to the expansion's rounding.
            expect(chosen - best).toBeLessThanOrEqual(
              1e-6 * (1 + best + squaredNorms(points, rows, dimensions)[row]!),
            );
            sum += output.distances[row]!;
          }
          expect(inertia).toBeCloseTo(sum, 6);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives exactly 0 for a point and an identical centre', () => {
    const points = Float32Array.from([0.1, 0.2, 0.3, 1.7, -2.2, 9.1]);
    const all = new Float64Array(4);
    const norms = squaredNorms(points, 2, 3);
    crossDistances(
      {
        points,
        pointNorms: norms,
        dimensions: 3,
        centres: points,
        centreNorms: norms,
        centreCount: 2,
        start: 0,
        end: 2,
      },
      all,
    );
    expect(all[0]).toBe(0);
    expect(all[3]).toBe(0);
  });
});
