import { describe, expect, it } from 'vitest';
import { krippendorffAlpha } from './krippendorff-alpha';

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", reliability data matrix: 4 observers x
// 12 units, values 1..5, '.' missing. Rows here are units; code = value - 1.
const UNITS = [
  [1, 1, -1, 1],
  [2, 2, 3, 2],
  [3, 3, 3, 3],
  [3, 3, 3, 3],
  [2, 2, 2, 2],
  [1, 2, 3, 4],
  [4, 4, 4, 4],
  [1, 1, 2, 1],
  [2, 2, 2, 2],
  [-1, 5, 5, 5],
  [-1, -1, 1, 1],
  [-1, 3, -1, -1],
];
const MATRIX = Int32Array.from(UNITS.flat(), (value) => (value < 0 ? -1 : value - 1));

describe('krippendorffAlpha on Krippendorff (2011)', () => {
  it('gives nominal alpha = 0.743', () => {
    const result = krippendorffAlpha(MATRIX, { annotators: 4, categories: 5, level: 'nominal' });
    expect(result.alpha).toBeCloseTo(0.743, 3);
    // Unit 12 has a single value, so it is not pairable: 11 units, 40 pairable values.
    expect(result.units).toBe(11);
    expect(result.pairableValues).toBe(40);
  });

  it('gives ordinal alpha = 0.815 and interval alpha = 0.849', () => {
    expect(krippendorffAlpha(MATRIX, { annotators: 4, categories: 5, level: 'ordinal' }).alpha).toBeCloseTo(
      0.815,
      3,
    );
    expect(krippendorffAlpha(MATRIX, { annotators: 4, categories: 5, level: 'interval' }).alpha).toBeCloseTo(
      0.849,
      3,
    );
  });
});

describe('krippendorffAlpha edge cases', () => {
  it('is 1 on perfect agreement and undefined without variation or pairable units', () => {
    expect(krippendorffAlpha(Int32Array.from([0, 0, 1, 1]), { annotators: 2, categories: 2 }).alpha).toBe(1);
    expect(krippendorffAlpha(Int32Array.from([1, 1, 1, 1]), { annotators: 2, categories: 2 })).toMatchObject({
      defined: false,
      reason: 'single-category',
    });
    expect(
      krippendorffAlpha(Int32Array.from([1, -1, -1, 0]), { annotators: 2, categories: 2 }),
    ).toMatchObject({
      defined: false,
      reason: 'no-items',
    });
  });

  it('agrees across levels with two categories', () => {
    const matrix = Int32Array.from([0, 1, 1, 1, 0, 0, 1, -1, 0, 1, 1, 0]);
    const options = { annotators: 3, categories: 2 } as const;
    const nominal = krippendorffAlpha(matrix, { ...options, level: 'nominal' }).alpha;
    expect(krippendorffAlpha(matrix, { ...options, level: 'ordinal' }).alpha).toBeCloseTo(nominal, 12);
    expect(krippendorffAlpha(matrix, { ...options, level: 'interval' }).alpha).toBeCloseTo(nominal, 12);
  });
});
