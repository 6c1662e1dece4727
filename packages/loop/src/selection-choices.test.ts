import { describe, expect, it } from 'vitest';
import { DEFAULT_SELECTION, resolveSelection, sidesProblem } from './selection-choices';

describe('sidesProblem', () => {
  it('lets threshold and labelled-share go with any selection', () => {
    for (const sides of [undefined, 'threshold', 'labelled-share'] as const) {
      expect(sidesProblem(sides, { policy: 'random' })).toBeUndefined();
      expect(sidesProblem(sides, { policy: 'boundary-pairs', firstBatch: 'pairs' })).toBeUndefined();
    }
  });

  it('lets first-batch-share go only with the score-strata first batch of boundary pairs', () => {
    expect(sidesProblem('first-batch-share', { policy: 'boundary-pairs', firstBatch: 'score-strata' })).toBe(
      undefined,
    );
    for (const selection of [
      { policy: 'boundary-pairs' },
      { policy: 'boundary-pairs', firstBatch: 'pairs' as const },
      { policy: 'uncertainty', firstBatch: 'score-strata' as const },
    ]) {
      expect(sidesProblem('first-batch-share', selection)).toMatch(
        /drawn across the pool: boundary pairs with the score-strata/,
      );
    }
  });
});

describe('resolveSelection', () => {
  it('gives boundary pairs the default selection, each given choice kept', () => {
    expect(resolveSelection('boundary-pairs')).toEqual(DEFAULT_SELECTION);
    expect(DEFAULT_SELECTION).toEqual({
      firstBatch: 'score-strata',
      pairScoring: 'doubt',
      sides: 'first-batch-share',
    });
    expect(resolveSelection('boundary-pairs', { pairScoring: 'distance' })).toEqual({
      firstBatch: 'score-strata',
      pairScoring: 'distance',
      sides: 'first-batch-share',
    });
    expect(resolveSelection('boundary-pairs', { sides: 'labelled-share' }).sides).toBe('labelled-share');
  });

  it('draws the sides at the threshold by default when the first batch is pairs, so no default is refused', () => {
    const pairs = resolveSelection('boundary-pairs', { firstBatch: 'pairs' });
    expect(pairs).toEqual({ firstBatch: 'pairs', pairScoring: 'doubt', sides: 'threshold' });
    expect(
      sidesProblem(pairs.sides, { policy: 'boundary-pairs', firstBatch: pairs.firstBatch }),
    ).toBeUndefined();
  });

  it('gives another policy threshold sides and no boundary-pair choices', () => {
    for (const policy of ['random', 'uncertainty', 'k-center']) {
      expect(resolveSelection(policy)).toEqual({ sides: 'threshold' });
      expect(resolveSelection(policy, { sides: 'labelled-share' })).toEqual({ sides: 'labelled-share' });
    }
  });
});
