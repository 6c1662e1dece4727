import { describe, expect, it } from 'vitest';
import { sidesProblem } from './sides-rule';

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
