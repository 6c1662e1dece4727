import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantileRadii } from './cluster-radii';

/** The definition: sort each cluster's values, take rank min(size - 1, floor(q x size)), square root. */
function sortedRadii(
  distances: Float64Array,
  clusters: Int32Array,
  k: number,
  quantile: number,
): Float64Array {
  const out = new Float64Array(k);
  for (let cluster = 0; cluster < k; cluster++) {
    const values = Float64Array.from(distances.filter((_, item) => clusters[item] === cluster)).sort();
    if (values.length > 0)
      out[cluster] = Math.sqrt(values[Math.min(values.length - 1, Math.floor(quantile * values.length))]!);
  }
  return out;
}

describe('quantileRadii', () => {
  it('equals the sorted definition exactly: duplicates, one-value clusters, empty clusters, any quantile', () => {
    const value = fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(0, 1, 2.5, 1e-300));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), value), { minLength: 1, maxLength: 400 }),
        fc.double({ min: 1e-9, max: 1, noNaN: true }),
        (rows, quantile) => {
          const clusters = Int32Array.from(rows, ([cluster]) => cluster);
          const distances = Float64Array.from(rows, ([, distance]) => distance);
          expect(quantileRadii(distances, clusters, 6, quantile)).toEqual(
            sortedRadii(distances, clusters, 6, quantile),
          );
        },
      ),
      { numRuns: 300, seed: 16 },
    );
  });

  it('counts only the items of the given set', () => {
    const distances = Float64Array.from([1, 100, 4, 100, 9]);
    const clusters = Int32Array.from([0, 0, 0, -1, 0]);
    const which = Uint8Array.from([0, 1, 0, 255, 0]);
    expect([...quantileRadii(distances, clusters, 1, 1, { which, set: 0 })]).toEqual([3]);
    expect([...quantileRadii(distances, clusters, 1, 0.5, { which, set: 0 })]).toEqual([2]);
  });
});
