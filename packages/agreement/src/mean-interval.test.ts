import { describe, expect, it } from 'vitest';
import { meanInterval, studentTCdf, studentTQuantile } from './mean-interval';

// scipy.stats.t.ppf(.975, df) (SciPy 1.x), and a t interval computed with numpy/scipy for the values below.
const T975: readonly (readonly [number, number])[] = [
  [1, 12.706204736174694],
  [2, 4.302652729749462],
  [3, 3.1824463052837078],
  [4, 2.7764451051977934],
  [9, 2.262157162798205],
  [29, 2.045229642132703],
  [120, 1.9799304050824402],
];

describe('studentTQuantile', () => {
  it.each(T975)('matches the published 97.5%% quantile for df = %i', (df, expected) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(expected, 9);
  });
  it('is symmetric and inverts the CDF', () => {
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.7764451051977934, 9);
    expect(studentTCdf(studentTQuantile(0.9, 7), 7)).toBeCloseTo(0.9, 12);
    expect(studentTQuantile(0.5, 3)).toBe(0);
  });
  it('refuses p outside (0, 1) and df <= 0', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(/p must be/);
    expect(() => studentTQuantile(0.5, 0)).toThrow(/df must be/);
  });
});

describe('meanInterval', () => {
  it('gives the t interval of five values', () => {
    const result = meanInterval([0.1, 0.3, -0.05, 0.2, 0.12]);
    expect(result.n).toBe(5);
    expect(result.mean).toBeCloseTo(0.134, 12);
    expect(result.ci95![0]).toBeCloseTo(-0.026842223153080297, 10);
    expect(result.ci95![1]).toBeCloseTo(0.2948422231530803, 10);
  });
  it('leaves out non-finite values, and has no interval below two', () => {
    expect(meanInterval([0.4, Number.NaN])).toEqual({ n: 1, mean: 0.4, sd: Number.NaN, ci95: null });
    expect(meanInterval([]).ci95).toBeNull();
  });
});
