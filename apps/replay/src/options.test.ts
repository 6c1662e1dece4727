import { describe, expect, it } from 'vitest';
import { resolveOptions } from './options';

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
  });
});
