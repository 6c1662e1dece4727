import { describe, expect, it } from 'vitest';
import { createPolicy, POLICY_NAMES } from './create-policy';
import { FALLBACK_NAMES } from './fallback';
import type { SelectionInput } from './policy';

/** 40 items on a line; the model predicts one positive only, so boundary pairs find at most a few pairs. */
function lopsidedInput(budget: number): SelectionInput {
  const n = 40;
  const embeddings = Float32Array.from({ length: n * 2 }, (_, index) => (index % 2 === 0 ? index / 2 : 0));
  const predicted = new Uint8Array(n);
  predicted[20] = 1;
  const scores = Float64Array.from({ length: n }, (_, index) => (index === 20 ? 0.9 : index / 100));
  return { embeddings, dimensions: 2, predicted, scores, reviewed: new Uint8Array(n), budget, seed: 7 };
}

describe('policy names', () => {
  it('are boundary pairs plus the baselines, and createPolicy accepts each one (regression: init --policy stratified was offered and refused)', async () => {
    expect(POLICY_NAMES).toEqual(['boundary-pairs', ...FALLBACK_NAMES]);
    for (const name of POLICY_NAMES) {
      const selection = await createPolicy(name)(lopsidedInput(6));
      expect(selection.chosenBy).toHaveLength(selection.items.length);
    }
  });
});

describe('selection provenance', () => {
  it('a baseline names itself for every item it chose', async () => {
    const selection = await createPolicy('stratified')(lopsidedInput(10));
    expect(selection.chosenBy).toEqual(Array(selection.items.length).fill('stratified'));
    expect(selection.fallback).toBeUndefined();
  });

  it('a fallback-filled batch says which items the fallback chose and how many (regression: only warning text said it)', async () => {
    const selection = await createPolicy('boundary-pairs', { fallback: 'uncertainty' })(lopsidedInput(12));
    expect(selection.policy).toBe('boundary-pairs');
    expect(selection.items).toHaveLength(12);
    const pairs = (selection.pairs?.length ?? 0) * 2;
    expect(pairs).toBeLessThan(12);
    expect(selection.fallback).toEqual({ policy: 'uncertainty', items: 12 - pairs, from: pairs });
    expect(selection.chosenBy).toEqual([
      ...Array(pairs).fill('boundary-pairs'),
      ...Array(12 - pairs).fill('uncertainty'),
    ]);
  });

  it("records where a fallback's items start (`from`), before an uncertainty share of the same policy", async () => {
    const input = lopsidedInput(12);
    const selection = await createPolicy('boundary-pairs', {
      fallback: 'uncertainty',
      uncertaintyShare: 0.5,
    })(input);
    const pairs = (selection.pairs?.length ?? 0) * 2;
    expect(selection.items).toHaveLength(12);
    expect(selection.fallback).toEqual({ policy: 'uncertainty', items: 6 - pairs, from: pairs });
    expect(selection.chosenBy).toEqual([
      ...Array(pairs).fill('boundary-pairs'),
      ...Array(12 - pairs).fill('uncertainty'),
    ]);
    // The fallback's items are what the pairs-only batch of 6 with the same fallback selects.
    const pairsOnly = await createPolicy('boundary-pairs', { fallback: 'uncertainty' })({
      ...input,
      budget: 6,
    });
    expect(Array.from(selection.items.subarray(0, 6))).toEqual(Array.from(pairsOnly.items));
  });
});
