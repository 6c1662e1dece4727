import { describe, expect, it } from 'vitest';
import { boundaryY, twoDWorld } from './__fixtures__/worlds';
import { selectBoundaryPairs } from './select-boundary-pairs';
import { createSideClusterCache } from './side-cluster-cache';

describe('SideClusterCache (warm-started side clustering across iterations)', () => {
  it('selects exactly what no cache selects on its first call (both sides clustered afresh)', async () => {
    const world = twoDWorld(3000, 0.05, 21);
    const cache = createSideClusterCache();
    const plain = await selectBoundaryPairs(world.input);
    const cached = await selectBoundaryPairs({ ...world.input, clusterCache: cache });
    expect(cached.items).toEqual(plain.items);
    expect(cached.pairs).toEqual(plain.pairs);
    expect(cache.counts).toEqual({ warm: 0, fresh: 2 });
  });

  it('warm-starts both sides on later iterations and meets the bars the fresh path meets', async () => {
    // Both paths, the same bars, over 4 iterations that remove the reviewed items: every pair straddles the true
    // boundary, 90% of pairs lie within 0.1 of it, and pairs land in at least 7 of its 10 x-bins. (The bars are
    // looser than the first-iteration test's: once boundary items are reviewed, both paths dip to 7-8 bins.)
    for (const warm of [false, true]) {
      const world = twoDWorld(3000, 0, 11);
      const reviewed = new Uint8Array(3000);
      const cache = createSideClusterCache();
      const xs = world.input.embeddings;
      for (let iteration = 0; iteration < 4; iteration++) {
        const selection = await selectBoundaryPairs({
          ...world.input,
          reviewed: reviewed.slice(),
          seed: `run:${iteration}`,
          ...(warm ? { clusterCache: cache } : {}),
        });
        expect(new Set(selection.items).size).toBe(40);
        for (const item of selection.items) {
          expect(reviewed[item]).toBe(0);
          reviewed[item] = 1;
        }
        const pairs = selection.pairs ?? [];
        expect(pairs.length).toBe(20);
        const bins = new Set<number>();
        let near = 0;
        for (const pair of pairs) {
          expect(world.signed[pair.positive]).toBeGreaterThan(0);
          expect(world.signed[pair.negative]).toBeLessThan(0);
          const x = (xs[2 * pair.positive]! + xs[2 * pair.negative]!) / 2;
          const y = (xs[2 * pair.positive + 1]! + xs[2 * pair.negative + 1]!) / 2;
          if (Math.abs(y - boundaryY(x)) < 0.1) near++;
          bins.add(Math.min(9, Math.floor((x + 1) * 5)));
        }
        expect(near).toBeGreaterThanOrEqual(0.9 * pairs.length);
        expect(bins.size).toBeGreaterThanOrEqual(7);
      }
      // Each side keeps k = 9 (about 1,500 items a side), so every side after the first call is warm.
      expect(cache.counts).toEqual(warm ? { warm: 6, fresh: 2 } : { warm: 0, fresh: 0 });
    }
  });

  it("clusters afresh when the pool or a side's k changes", async () => {
    const world = twoDWorld(2000, 0.05, 4);
    const cache = createSideClusterCache({ rounds: 2 });
    await selectBoundaryPairs({ ...world.input, clusterCache: cache });
    await selectBoundaryPairs({ ...world.input, k: { positive: 5, negative: 7 }, clusterCache: cache });
    expect(cache.counts).toEqual({ warm: 0, fresh: 4 });
    await selectBoundaryPairs({ ...world.input, k: { positive: 5, negative: 7 }, clusterCache: cache });
    expect(cache.counts).toEqual({ warm: 2, fresh: 4 });
    const copy = { ...world.input, embeddings: world.input.embeddings.slice() };
    await selectBoundaryPairs({ ...copy, k: { positive: 5, negative: 7 }, clusterCache: cache });
    expect(cache.counts).toEqual({ warm: 2, fresh: 6 });
  });

  it('rejects a bad round count', () => {
    expect(() => createSideClusterCache({ rounds: 0 })).toThrow(/rounds must be a positive integer/);
  });
});
