import { describe, expect, it } from 'vitest';
import { twoDWorld } from './__fixtures__/worlds';
import { selectUncertain } from './baselines';
import { createPolicy } from './create-policy';
import { selectBoundaryPairs } from './select-boundary-pairs';

describe('boundary pairs with an uncertainty share', () => {
  it('takes the share by uncertainty after the pairs, distinct and unreviewed, and calls none of it a fallback', async () => {
    const world = twoDWorld(3000, 0.1, 4);
    const reviewed = new Uint8Array(3000);
    for (let index = 0; index < 3000; index += 7) reviewed[index] = 1;
    const input = { ...world.input, reviewed, budget: 41 };
    const selection = await createPolicy('boundary-pairs', { uncertaintyShare: 0.25 })(input);
    const share = Math.round(41 * 0.25);
    expect(selection.items).toHaveLength(41);
    expect(new Set(selection.items).size).toBe(41);
    for (const item of selection.items) expect(reviewed[item]).toBe(0);
    expect(selection.fallback).toBeUndefined();
    expect(selection.chosenBy).toEqual([
      ...Array(41 - share).fill('boundary-pairs'),
      ...Array(share).fill('uncertainty'),
    ]);
    expect(selection.pairs!.length * 2).toBe(41 - share - 1);
    // The share is what uncertainty sampling picks once the pairs' items count as reviewed.
    const taken = Uint8Array.from(reviewed);
    for (const item of selection.items.subarray(0, 41 - share)) taken[item] = 1;
    const alone = await selectUncertain(
      {
        ...input,
        reviewed: taken,
        budget: share,
        seed: `${input.seed}:share`,
      },
      'least-confident',
    );
    expect(Array.from(selection.items.subarray(41 - share))).toEqual(Array.from(alone.items));
  });

  it('share 0 is the pairs-only selection', async () => {
    const world = twoDWorld(1500, 0.1, 2);
    const plain = await selectBoundaryPairs({ ...world.input, budget: 30 });
    const zero = await selectBoundaryPairs({ ...world.input, budget: 30, uncertaintyShare: 0 });
    expect(Array.from(zero.items)).toEqual(Array.from(plain.items));
  });

  it('refuses a share outside [0, 1)', async () => {
    const world = twoDWorld(200, 0.1, 2);
    for (const uncertaintyShare of [-0.1, 1, Number.NaN]) {
      await expect(selectBoundaryPairs({ ...world.input, budget: 10, uncertaintyShare })).rejects.toThrow(
        /uncertaintyShare must be in \[0, 1\)/,
      );
    }
  });
});
