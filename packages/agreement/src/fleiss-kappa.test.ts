import { describe, expect, it } from 'vitest';
import { reference } from './__fixtures__/support';
import { fleissKappa, fleissKappaFromCounts } from './fleiss-kappa';

const fixture = reference();

describe('fleissKappa against statsmodels', () => {
  for (const testCase of fixture.fleiss) {
    it(testCase.name, () => {
      const result = fleissKappa(Int32Array.from(testCase.matrix.flat()), {
        annotators: testCase.raters,
        categories: testCase.categories,
      });
      expect(result.defined).toBe(true);
      expect(result.items).toBe(testCase.matrix.length);
      expect(result.kappa).toBeCloseTo(testCase.statsmodelsKappa, 12);
    });
  }

  it('reproduces Fleiss (1971): 30 patients, 6 psychiatrists, kappa = 0.430', () => {
    const diagnoses = fixture.fleiss.find((testCase) => testCase.name === 'fleiss-1971-diagnoses')!;
    const result = fleissKappa(Int32Array.from(diagnoses.matrix.flat()), { annotators: 6, categories: 5 });
    expect(result.kappa).toBeCloseTo(0.4302445, 7);
  });

  it('reproduces the Wikipedia worked example from a counts table (kappa = 0.210)', () => {
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const result = fleissKappaFromCounts(Float64Array.from(table.flat()), { categories: 5 });
    expect(result.kappa).toBeCloseTo(0.21, 3);
    expect(result.observedAgreement).toBeCloseTo(0.378, 3);
    expect(result.expectedAgreement).toBeCloseTo(0.213, 3);
  });
});

describe('fleissKappa on partial panels', () => {
  it('uses only the items every selected annotator labelled and reports their count', () => {
    const matrix = Int32Array.from([0, 0, 0, 1, 1, -1, 0, 1, 1, 1, 1, 1]);
    const all = fleissKappa(matrix, { annotators: 3, categories: 2 });
    expect(all.items).toBe(3);
    const twoColumns = fleissKappa(matrix, { annotators: 3, categories: 2, select: [0, 1] });
    expect(twoColumns.items).toBe(4);
  });

  it('is undefined, not NaN silently, with one rater, no complete item, or one category', () => {
    expect(fleissKappa(Int32Array.from([0, 1]), { annotators: 1, categories: 2 })).toMatchObject({
      defined: false,
      reason: 'too-few-annotators',
    });
    expect(fleissKappa(Int32Array.from([0, -1, -1, 1]), { annotators: 2, categories: 2 })).toMatchObject({
      defined: false,
      reason: 'no-items',
      items: 0,
    });
    expect(fleissKappa(Int32Array.from([1, 1, 1, 1]), { annotators: 2, categories: 2 })).toMatchObject({
      defined: false,
      reason: 'single-category',
    });
  });

  it('refuses a counts table with unequal raters per item', () => {
    expect(() => fleissKappaFromCounts(Float64Array.from([1, 1, 2, 1]), { categories: 2 })).toThrow(/item 1/);
  });
});
