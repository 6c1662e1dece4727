import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reference } from './__fixtures__/support';
import { cohenKappa } from './cohen-kappa';
import type { Weights } from './common';
import { confusionMatrix } from './confusion-matrix';

const fixture = reference();
const WEIGHTS: readonly Weights[] = ['none', 'linear', 'quadratic'];

describe('cohenKappa against scikit-learn and statsmodels', () => {
  for (const testCase of fixture.cohen) {
    for (const weights of WEIGHTS) {
      it(`${testCase.name}, ${weights}`, () => {
        const expected = testCase[weights];
        const result = cohenKappa(Int32Array.from(testCase.a), Int32Array.from(testCase.b), {
          categories: testCase.categories,
          weights,
        });
        expect(result.defined).toBe(true);
        expect(result.n).toBe(testCase.a.length);
        expect(result.kappa).toBeCloseTo(expected.sklearnKappa, 12);
        expect(result.kappa).toBeCloseTo(expected.statsmodelsKappa, 12);
        expect(result.standardError).toBeCloseTo(Math.sqrt(Math.max(expected.statsmodelsVariance, 0)), 7);
        if (expected.statsmodelsCi95[0] !== null)
          expect(result.ci95Unclipped[0]).toBeCloseTo(expected.statsmodelsCi95[0], 7);
        if (expected.statsmodelsCi95[1] !== null)
          expect(result.ci95Unclipped[1]).toBeCloseTo(expected.statsmodelsCi95[1], 7);
      });
    }
  }
});

describe('cohenKappa on degenerate input', () => {
  it('skips pairs with a missing side and does not count them', () => {
    const result = cohenKappa(Int32Array.from([0, 1, -1, 1, 0]), Int32Array.from([0, 1, 1, -1, 1]), {
      categories: 2,
    });
    expect(result.n).toBe(3);
    expect(result.observedAgreement).toBeCloseTo(2 / 3, 15);
  });

  it('is undefined with reason no-items when no pair is complete', () => {
    const result = cohenKappa(Int32Array.from([0, -1]), Int32Array.from([-1, 1]), { categories: 2 });
    expect(result).toMatchObject({ n: 0, defined: false, reason: 'no-items' });
    expect(Number.isNaN(result.kappa)).toBe(true);
  });

  it('is undefined with reason single-category when both used one category', () => {
    const result = cohenKappa(Int32Array.from([1, 1, 1]), Int32Array.from([1, 1, 1]), { categories: 3 });
    expect(result).toMatchObject({ n: 3, defined: false, reason: 'single-category', observedAgreement: 1 });
  });

  it('is 0 (defined) when one rater is constant and the other is not', () => {
    const result = cohenKappa(Int32Array.from([0, 0, 0, 0]), Int32Array.from([0, 1, 0, 1]), {
      categories: 2,
    });
    expect(result.defined).toBe(true);
    expect(result.kappa).toBe(0);
    expect(result.standardError).toBeGreaterThanOrEqual(0);
  });

  it('refuses a length mismatch and codes outside the label set, naming the place', () => {
    expect(() => cohenKappa(Int32Array.from([0]), Int32Array.from([0, 1]), { categories: 2 })).toThrow(
      /length/,
    );
    expect(() => cohenKappa(Int32Array.from([0, 2]), Int32Array.from([0, 1]), { categories: 2 })).toThrow(
      /a\[1\]/,
    );
    expect(() => cohenKappa(Int32Array.from([0, 1]), Int32Array.from([-2, 1]), { categories: 2 })).toThrow(
      /b\[0\]/,
    );
    expect(() => cohenKappa(Int32Array.from([0]), Int32Array.from([0]), { categories: 0 })).toThrow(
      /categories/,
    );
  });

  it('counts absent categories in the confusion matrix', () => {
    const matrix = confusionMatrix(Int32Array.from([0, 2]), Int32Array.from([0, 0]), 4);
    expect(Array.from(matrix.counts)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  });
});

const labelPairs = (categories: number) =>
  fc
    .integer({ min: 1, max: 60 })
    .chain((n) =>
      fc.tuple(
        fc.array(fc.integer({ min: -1, max: categories - 1 }), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: -1, max: categories - 1 }), { minLength: n, maxLength: n }),
      ),
    );

describe('cohenKappa properties', () => {
  it('is symmetric', () => {
    fc.assert(
      fc.property(labelPairs(4), fc.constantFrom(...WEIGHTS), ([a, b], weights) => {
        const forward = cohenKappa(Int32Array.from(a), Int32Array.from(b), { categories: 4, weights });
        const backward = cohenKappa(Int32Array.from(b), Int32Array.from(a), { categories: 4, weights });
        expect(backward.defined).toBe(forward.defined);
        if (forward.defined) {
          expect(backward.kappa).toBeCloseTo(forward.kappa, 12);
          expect(backward.standardError).toBeCloseTo(forward.standardError, 10);
        }
      }),
    );
  });

  it('is 1 on identical labels with at least two categories used', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2 }),
        fc.constantFrom(...WEIGHTS),
        (a, weights) => {
          fc.pre(new Set(a).size >= 2);
          const labels = Int32Array.from(a);
          const result = cohenKappa(labels, labels, { categories: 5, weights });
          expect(result.kappa).toBeCloseTo(1, 12);
          expect(result.standardError).toBeCloseTo(0, 6);
        },
      ),
    );
  });

  it('does not change when the labels are renamed (unweighted)', () => {
    fc.assert(
      fc.property(
        labelPairs(4),
        fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4 }),
        ([a, b], permutation) => {
          const rename = (codes: number[]) =>
            Int32Array.from(codes, (code) => (code < 0 ? -1 : permutation[code]!));
          const original = cohenKappa(Int32Array.from(a), Int32Array.from(b), { categories: 4 });
          const renamed = cohenKappa(rename(a), rename(b), { categories: 4 });
          expect(renamed.defined).toBe(original.defined);
          if (original.defined) {
            expect(renamed.kappa).toBeCloseTo(original.kappa, 12);
            expect(renamed.standardError).toBeCloseTo(original.standardError, 10);
          }
        },
      ),
    );
  });

  it('gives the same weighted and unweighted kappa with two categories', () => {
    fc.assert(
      fc.property(labelPairs(2), fc.constantFrom<Weights>('linear', 'quadratic'), ([a, b], weights) => {
        const plain = cohenKappa(Int32Array.from(a), Int32Array.from(b), { categories: 2 });
        const weighted = cohenKappa(Int32Array.from(a), Int32Array.from(b), { categories: 2, weights });
        expect(weighted.defined).toBe(plain.defined);
        if (plain.defined) {
          expect(weighted.kappa).toBeCloseTo(plain.kappa, 12);
          expect(weighted.standardError).toBeCloseTo(plain.standardError, 10);
        }
      }),
    );
  });

  it('has a CI that contains the estimate, and never a silent NaN', () => {
    fc.assert(
      fc.property(labelPairs(3), fc.constantFrom(...WEIGHTS), ([a, b], weights) => {
        const result = cohenKappa(Int32Array.from(a), Int32Array.from(b), { categories: 3, weights });
        if (!result.defined) {
          expect(result.reason).toBeDefined();
          return;
        }
        expect(Number.isFinite(result.kappa) && Number.isFinite(result.standardError)).toBe(true);
        expect(result.ci95[0]).toBeLessThanOrEqual(result.kappa);
        expect(result.ci95[1]).toBeGreaterThanOrEqual(result.kappa);
        expect(result.ci95[1]).toBeLessThanOrEqual(1);
        if (weights === 'none') expect(result.ci95[0]).toBeGreaterThanOrEqual(-1);
      }),
    );
  });
});

describe('cohenKappa interval', () => {
  it('never runs past 1 (the analytic interval of 9 of 10 agreeing ran to 1.06)', () => {
    // One disagreement in ten: kappa (0.9 - 0.62) / 0.38 = 0.737, and kappa + 1.96 SE lands past 1.
    const a = Int32Array.from([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    const b = Int32Array.from([1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const result = cohenKappa(a, b, { categories: 2 });
    expect(result.ci95Unclipped[1]).toBeGreaterThan(1);
    expect(result.ci95[1]).toBe(1);
    expect(result.ci95[0]).toBe(result.ci95Unclipped[0]);
    expect(result.standardError).toBeGreaterThan(0);
  });
});
