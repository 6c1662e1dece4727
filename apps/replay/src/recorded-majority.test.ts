import type { Label } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { majorityKappa, recordedMajority } from './recorded-majority';

const label = (item: string, annotator: string, value: string): Label => ({
  item,
  annotator,
  role: 'crowd',
  label: value,
});

describe('recordedMajority', () => {
  it('takes each item majority, -1 for a tie or no label, ignoring unknown items', () => {
    const labels = [
      label('a', 'w1', 'yes'),
      label('a', 'w2', 'yes'),
      label('a', 'w3', 'no'),
      label('b', 'w1', 'yes'),
      label('b', 'w2', 'no'),
      label('c', 'w9', 'no'),
      label('zz', 'w1', 'yes'),
    ];
    expect(Array.from(recordedMajority(['a', 'b', 'c', 'd'], labels, 'yes'))).toEqual([1, -1, 0, -1]);
  });
});

describe('majorityKappa', () => {
  it("is Cohen's kappa over the chosen items, skipping missing votes", () => {
    // Items 0-3: a = 1 1 0 0, b = 1 0 0 0 -> po .75, pe .5 * .25 + .5 * .75 = .5, kappa .5.
    const a = Int32Array.from([1, 1, 0, 0, -1]);
    const b = Int32Array.from([1, 0, 0, 0, 1]);
    expect(majorityKappa(a, b, [0, 1, 2, 3, 4])).toBeCloseTo(0.5, 12);
    expect(majorityKappa(a, b, [4])).toBeNaN();
  });
});
