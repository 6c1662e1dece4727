import { describe, expect, it } from 'vitest';
import { blobPool, twoDWorld } from './__fixtures__/worlds';
import { createPolicy, isPolicyName, POLICY_NAMES } from './create-policy';
import type { SelectionInput } from './policy';

function withReviewed(input: SelectionInput, every: number): SelectionInput {
  const reviewed = new Uint8Array(input.reviewed.length);
  for (let index = 0; index < reviewed.length; index += every) reviewed[index] = 1;
  return { ...input, reviewed };
}

describe('every policy through createPolicy', () => {
  const input = withReviewed(twoDWorld(1200, 0.1, 3, 50).input, 4);
  for (const name of POLICY_NAMES) {
    it(`${name}: budget-sized, distinct, never reviewed, same seed same batch`, async () => {
      const policy = createPolicy(name);
      const a = await policy(input);
      const b = await policy(input);
      expect(a.policy).toBe(name);
      expect(a.items.length).toBe(50);
      expect(new Set(a.items).size).toBe(50);
      for (const item of a.items) expect(input.reviewed[item]).toBe(0);
      expect(a.items).toEqual(b.items);
      const other = await policy({ ...input, seed: 'another' });
      // Uncertainty ranks and k-center (with reviewed centres) are deterministic given the pool; the rest draw.
      if (!['uncertainty', 'margin', 'k-center'].includes(name)) expect(other.items).not.toEqual(a.items);
    });
    it(`${name}: budget 0 and a budget beyond the pool are defined`, async () => {
      const policy = createPolicy(name);
      expect((await policy({ ...input, budget: 0 })).items.length).toBe(0);
      const small = twoDWorld(30, 0.1, 1).input;
      const all = await policy({ ...small, budget: 100 });
      expect(new Set(all.items).size).toBe(all.items.length);
      expect(all.items.length).toBeLessThanOrEqual(30);
      if (name !== 'boundary-pairs') expect(all.warnings.join()).toMatch(/exceeds/);
    });
  }

  it('rejects an unknown name', () => {
    expect(isPolicyName('nope')).toBe(false);
    expect(() => createPolicy('nope' as never)).toThrow(/unknown policy/);
  });
});

describe('baseline specifics', () => {
  it('uncertainty and margin take the scores nearest 0.5 first', async () => {
    const scores = Float64Array.from([0.9, 0.51, 0.1, 0.45, 0.7, 0.5, 0.02]);
    const input: SelectionInput = {
      embeddings: new Float32Array(7),
      dimensions: 1,
      predicted: Uint8Array.from(scores, (p) => (p >= 0.5 ? 1 : 0)),
      scores,
      reviewed: new Uint8Array(7),
      budget: 3,
      seed: 1,
    };
    for (const name of ['uncertainty', 'margin'] as const) {
      expect([...(await createPolicy(name)(input)).items]).toEqual([5, 1, 3]);
    }
    await expect(createPolicy('uncertainty')({ ...input, scores: undefined })).rejects.toThrow(
      /needs scores/,
    );
  });

  it('stratified takes half from each predicted label even when positives are rare', async () => {
    const input = blobPool(5000, 8, 2, 40);
    const selection = await createPolicy('stratified')(input);
    let positives = 0;
    for (const item of selection.items) positives += input.predicted[item]!;
    expect(positives).toBe(20);
  });

  it('k-center spreads out: its batch covers the pool better than a random one', async () => {
    const input = twoDWorld(3000, 0.1, 9, 30).input;
    const radius = async (name: 'k-center' | 'random'): Promise<number> => {
      const chosen = (await createPolicy(name)(input)).items;
      let worst = 0;
      for (let index = 0; index < 3000; index++) {
        let nearest = Number.POSITIVE_INFINITY;
        for (const item of chosen) {
          const dx = input.embeddings[2 * index]! - input.embeddings[2 * item]!;
          const dy = input.embeddings[2 * index + 1]! - input.embeddings[2 * item + 1]!;
          nearest = Math.min(nearest, dx * dx + dy * dy);
        }
        worst = Math.max(worst, nearest);
      }
      return worst;
    };
    expect(await radius('k-center')).toBeLessThan(await radius('random'));
  });
});
