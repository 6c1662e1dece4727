import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPolicy, POLICY_NAMES } from './create-policy';
import type { SelectionInput } from './policy';
import { selectBoundaryPairs } from './select-boundary-pairs';

const inputs = fc
  .record({
    n: fc.integer({ min: 0, max: 60 }),
    dimensions: fc.integer({ min: 1, max: 3 }),
    budget: fc.integer({ min: 0, max: 70 }),
    seed: fc.integer(),
  })
  .chain(({ n, dimensions, budget, seed }) =>
    fc.record({
      // A coarse grid of values, so duplicate embeddings are common.
      embeddings: fc.array(fc.integer({ min: -3, max: 3 }), {
        minLength: n * dimensions,
        maxLength: n * dimensions,
      }),
      predicted: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      reviewed: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      scores: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
      dimensions: fc.constant(dimensions),
      budget: fc.constant(budget),
      seed: fc.constant(seed),
    }),
  )
  .map(
    (raw): SelectionInput => ({
      embeddings: Float32Array.from(raw.embeddings),
      dimensions: raw.dimensions,
      predicted: Uint8Array.from(raw.predicted),
      reviewed: Uint8Array.from(raw.reviewed),
      scores: Float64Array.from(raw.scores),
      budget: raw.budget,
      seed: raw.seed,
    }),
  );

describe('laws every policy keeps, on arbitrary small pools', () => {
  for (const name of POLICY_NAMES) {
    it(`${name}: distinct, unreviewed, within budget, deterministic, never NaN`, async () => {
      const policy = createPolicy(name);
      await fc.assert(
        fc.asyncProperty(inputs, async (input) => {
          const a = await policy(input);
          const b = await policy(input);
          expect(a).toEqual(b);
          expect(new Set(a.items).size).toBe(a.items.length);
          expect(a.items.length).toBeLessThanOrEqual(input.budget);
          for (const item of a.items) expect(input.reviewed[item]).toBe(0);
          for (const pair of a.pairs ?? []) {
            expect(Number.isFinite(pair.distance)).toBe(true);
            expect(Number.isFinite(pair.overlap)).toBe(true);
            expect(input.predicted[pair.positive]).toBe(1);
            expect(input.predicted[pair.negative]).toBe(0);
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});

it('selectBoundaryPairs honours an aborted signal', async () => {
  const controller = new AbortController();
  controller.abort();
  const input: SelectionInput = {
    embeddings: Float32Array.from([0, 1, 2, 3]),
    dimensions: 1,
    predicted: Uint8Array.from([0, 0, 1, 1]),
    reviewed: new Uint8Array(4),
    budget: 2,
    seed: 1,
    signal: controller.signal,
  };
  await expect(selectBoundaryPairs(input)).rejects.toMatchObject({ code: 'aborted' });
});
