import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapKappaCi } from './bootstrap';
import { cohenKappa } from './cohen-kappa';
import { gwetAc1 } from './gwet-ac1';
import { pabak } from './pabak';
import { panelGwetAc1 } from './panel-gwet-ac1';

/** Expands a k x k table of counts into two label vectors. */
function fromTable(table: number[][]): { a: Int32Array; b: Int32Array } {
  const a: number[] = [];
  const b: number[] = [];
  table.forEach((row, x) => {
    row.forEach((count, y) => {
      for (let index = 0; index < count; index++) {
        a.push(x);
        b.push(y);
      }
    });
  });
  return { a: Int32Array.from(a), b: Int32Array.from(b) };
}

// 95% benign, raters agree on nearly everything: the kappa paradox.
const SKEWED = fromTable([
  [93, 3],
  [3, 1],
]);

describe('gwetAc1', () => {
  it('follows Gwet (2008) on a hand-checked 2 x 2 table', () => {
    const { a, b } = fromTable([
      [40, 9],
      [6, 45],
    ]);
    const result = gwetAc1(a, b, { categories: 2 });
    const pi = (49 + 46) / 200;
    const pe = 2 * pi * (1 - pi);
    expect(result.observedAgreement).toBeCloseTo(0.85, 14);
    expect(result.expectedAgreement).toBeCloseTo(pe, 14);
    expect(result.ac1).toBeCloseTo((0.85 - pe) / (1 - pe), 14);
  });

  it('stays high where kappa collapses under skewed prevalence', () => {
    const kappa = cohenKappa(SKEWED.a, SKEWED.b, { categories: 2 }).kappa;
    const ac1 = gwetAc1(SKEWED.a, SKEWED.b, { categories: 2 }).ac1;
    expect(kappa).toBeLessThan(0.3);
    expect(ac1).toBeGreaterThan(0.9);
  });

  it('equals the panel AC1 on two complete columns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { minLength: 2 }),
        (pairs) => {
          const a = Int32Array.from(pairs, (pair) => pair[0]);
          const b = Int32Array.from(pairs, (pair) => pair[1]);
          const two = gwetAc1(a, b, { categories: 3, weights: 'quadratic' });
          const panel = panelGwetAc1(Int32Array.from(pairs.flat()), {
            annotators: 2,
            categories: 3,
            weights: 'quadratic',
          });
          expect(panel.defined).toBe(two.defined);
          if (two.defined) {
            expect(panel.ac1).toBeCloseTo(two.ac1, 12);
            expect(panel.standardError).toBeCloseTo(two.standardError, 12);
          }
        },
      ),
    );
  });

  it('is symmetric, 1 on identical labels, and its CI contains it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -1, max: 3 }), fc.integer({ min: -1, max: 3 })), {
          minLength: 1,
        }),
        (pairs) => {
          const a = Int32Array.from(pairs, (pair) => pair[0]);
          const b = Int32Array.from(pairs, (pair) => pair[1]);
          const forward = gwetAc1(a, b, { categories: 4 });
          const backward = gwetAc1(b, a, { categories: 4 });
          if (!forward.defined) {
            expect(forward.reason).toBe('no-items');
            return;
          }
          expect(backward.ac1).toBeCloseTo(forward.ac1, 12);
          expect(forward.ci95[0]).toBeLessThanOrEqual(forward.ac1);
          expect(forward.ci95[1]).toBeGreaterThanOrEqual(forward.ac1);
          expect(gwetAc1(a, a, { categories: 4 }).ac1).toBeCloseTo(1, 12);
        },
      ),
    );
  });

  it('is undefined for a one-category label set', () => {
    expect(gwetAc1(Int32Array.from([0]), Int32Array.from([0]), { categories: 1 })).toMatchObject({
      defined: false,
      reason: 'single-category',
    });
  });
});

describe('pabak', () => {
  it('is 2 po - 1 with two categories and (q po - 1) / (q - 1) with q', () => {
    expect(pabak(SKEWED.a, SKEWED.b, { categories: 2 }).pabak).toBeCloseTo(2 * 0.94 - 1, 14);
    expect(pabak(SKEWED.a, SKEWED.b, { categories: 4 }).pabak).toBeCloseTo((4 * 0.94 - 1) / 3, 14);
  });

  it('has a CI that contains it and is undefined without pairs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { minLength: 1 }),
        (pairs) => {
          const a = Int32Array.from(pairs, (pair) => pair[0]);
          const b = Int32Array.from(pairs, (pair) => pair[1]);
          const result = pabak(a, b, { categories: 3, weights: 'linear' });
          expect(result.ci95[0]).toBeLessThanOrEqual(result.pabak);
          expect(result.ci95[1]).toBeGreaterThanOrEqual(result.pabak);
        },
      ),
    );
    expect(pabak(Int32Array.from([-1]), Int32Array.from([0]), { categories: 2 })).toMatchObject({
      defined: false,
      reason: 'no-items',
    });
  });
});

describe('bootstrapKappaCi', () => {
  const { a, b } = fromTable([
    [120, 15, 3],
    [10, 80, 12],
    [2, 9, 60],
  ]);

  it('is reproducible from its seed and different for another seed', () => {
    const first = bootstrapKappaCi(a, b, { categories: 3, resamples: 200, seed: 1 });
    expect(bootstrapKappaCi(a, b, { categories: 3, resamples: 200, seed: 1 })).toEqual(first);
    expect(bootstrapKappaCi(a, b, { categories: 3, resamples: 200, seed: 2 }).ci95).not.toEqual(first.ci95);
  });

  it('lands near the analytic interval on a large sample', () => {
    const analytic = cohenKappa(a, b, { categories: 3, weights: 'linear' });
    const boot = bootstrapKappaCi(a, b, { categories: 3, weights: 'linear', resamples: 2000, seed: 7 });
    expect(boot.kappa).toBe(analytic.kappa);
    expect(boot.undefinedResamples).toBe(0);
    expect(boot.standardError).toBeGreaterThan(analytic.standardError * 0.85);
    expect(boot.standardError).toBeLessThan(analytic.standardError * 1.15);
    expect(Math.abs(boot.ci95[0] - analytic.ci95[0])).toBeLessThan(0.02);
    expect(Math.abs(boot.ci95[1] - analytic.ci95[1])).toBeLessThan(0.02);
  });

  it('is undefined when kappa is, and refuses a bad resample count', () => {
    const same = Int32Array.from([1, 1]);
    expect(bootstrapKappaCi(same, same, { categories: 2, seed: 1 })).toMatchObject({
      defined: false,
      reason: 'single-category',
    });
    expect(() => bootstrapKappaCi(a, b, { categories: 3, seed: 1, resamples: 0 })).toThrow(/resamples/);
  });
});
