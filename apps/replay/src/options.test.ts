import { describe, expect, it } from 'vitest';
import { parseSeeds, resolveOptions } from './options';

describe('resolveOptions', () => {
  it('defaults to the paper scenario at 100,000 ads with boundary pairs', () => {
    expect(resolveOptions({})).toMatchObject({
      seed: 1,
      scenario: 'paper',
      poolSize: 100_000,
      policies: ['boundary-pairs'],
    });
  });

  it('maps convabuse and --dataset to a dataset replay', () => {
    expect(resolveOptions({ scenario: 'convabuse' })).toMatchObject({
      scenario: 'convabuse',
      dataset: 'convabuse',
    });
    expect(resolveOptions({ dataset: '/data/x' })).toMatchObject({ scenario: 'dataset', dataset: '/data/x' });
  });

  it('names the bad option', () => {
    expect(() => resolveOptions({ policies: ['boundary-pairs', 'nope'] })).toThrow(
      /--policies: unknown policy "nope"/,
    );
    expect(() => resolveOptions({ policies: [] })).toThrow(/--policies/);
    expect(() => resolveOptions({ poolSize: 10 })).toThrow(/--pool-size/);
    expect(() => resolveOptions({ seed: 1.5 })).toThrow(/--seed/);
    for (const uncertaintyShare of [-0.5, 1, Number.NaN]) {
      expect(() => resolveOptions({ uncertaintyShare })).toThrow(/--uncertainty-share/);
    }
  });

  it('takes a prior only among none and llm-0, naming the option', () => {
    expect(resolveOptions({ prior: 'llm-0' }).prior).toBe('llm-0');
    expect(resolveOptions({ prior: 'none' }).prior).toBe('none');
    expect(() => resolveOptions({ prior: 'warm' as 'none' })).toThrow(/--prior/);
  });

  it("draws the sides at the first batch's share unless asked, at the threshold with a pairs first batch, and names a bad --sides", () => {
    expect(resolveOptions({}).sides).toBe('first-batch-share');
    expect(resolveOptions({ firstBatch: 'pairs' }).sides).toBe('threshold');
    expect(resolveOptions({ sides: 'labelled-share' }).sides).toBe('labelled-share');
    expect(() => resolveOptions({ sides: 'median' as 'threshold' })).toThrow(/--sides/);
    expect(resolveOptions({ sides: 'first-batch-share', firstBatch: 'score-strata' }).sides).toBe(
      'first-batch-share',
    );
    expect(() => resolveOptions({ sides: 'first-batch-share', firstBatch: 'pairs' })).toThrow(
      /--sides first-batch-share: .*drawn across the pool.*--first-batch score-strata/,
    );
  });

  it('ranks pairs by doubt and draws the first batch from the score strata unless asked, naming a bad option', () => {
    expect(resolveOptions({}).pairScoring).toBe('doubt');
    expect(resolveOptions({}).firstBatch).toBe('score-strata');
    expect(resolveOptions({ pairScoring: 'distance' }).pairScoring).toBe('distance');
    expect(resolveOptions({ firstBatch: 'pairs' }).firstBatch).toBe('pairs');
    expect(() => resolveOptions({ pairScoring: 'near' as 'doubt' })).toThrow(/--pair-scoring/);
    expect(() => resolveOptions({ firstBatch: 'random' as 'pairs' })).toThrow(/--first-batch/);
  });

  it('takes no uncertainty share unless asked (pairs-only batches stay the default)', () => {
    expect(resolveOptions({}).uncertaintyShare).toBe(0);
    expect(resolveOptions({ uncertaintyShare: 0.5 }).uncertaintyShare).toBe(0.5);
  });
});

describe('parseSeeds', () => {
  it('reads a count, a range and a list', () => {
    expect(parseSeeds('5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('3-6')).toEqual([3, 4, 5, 6]);
    expect(parseSeeds('1,3, 7')).toEqual([1, 3, 7]);
  });

  it('refuses anything else, naming the option', () => {
    for (const bad of ['0', '5-3', 'a', '1,,2', '1.5', '']) expect(() => parseSeeds(bad)).toThrow(/--seeds/);
    expect(() => resolveOptions({ seeds: [1, 1] })).toThrow(/--seeds names a seed twice/);
    expect(() => resolveOptions({ workers: 0 })).toThrow(/--workers/);
  });

  it('makes the first seed the seed of a multi-seed replay', () => {
    expect(resolveOptions({ seeds: [4, 2] })).toMatchObject({ seed: 4, seeds: [4, 2] });
    expect(resolveOptions({ seed: 3 })).toMatchObject({ seed: 3, seeds: [3] });
  });
});
