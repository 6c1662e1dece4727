import { describe, expect, it } from 'vitest';
import { pairPartner, reviewUnits } from './batch-units';

const pair = (other: string) => `boundary pair with ${other} (distance 0.500): farthest-first pick 1 of 3`;

describe('reviewUnits', () => {
  it('puts the two items of a boundary pair together and every other item alone, in rank order', () => {
    const units = reviewUnits([
      { item: 'a', reason: pair('b') },
      { item: 'b', reason: pair('a') },
      { item: 'c', reason: 'uncertainty rank 3' },
      { item: 'd (x)', reason: pair('e') },
      { item: 'e', reason: pair('d (x)') },
      { item: 'f' },
    ]);
    expect(units).toEqual([
      { kind: 'pair', items: ['a', 'b'] },
      { kind: 'single', items: ['c'] },
      { kind: 'pair', items: ['d (x)', 'e'] },
      { kind: 'single', items: ['f'] },
    ]);
  });

  it('keeps an item alone when its partner is not in the batch or does not name it back', () => {
    expect(
      reviewUnits([
        { item: 'a', reason: pair('z') },
        { item: 'b', reason: pair('a') },
      ]),
    ).toEqual([
      { kind: 'single', items: ['a'] },
      { kind: 'single', items: ['b'] },
    ]);
  });

  it('reads the partner of a reason', () => {
    expect(pairPartner(pair('item 7'))).toBe('item 7');
    expect(pairPartner('random rank 1')).toBeUndefined();
    expect(pairPartner(undefined)).toBeUndefined();
  });
});
