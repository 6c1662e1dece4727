import { squaredDistance } from '@borderline/kmeans';
import { describe, expect, it } from 'vitest';
import { boundaryY, twoDWorld } from './__fixtures__/worlds';
import { COVERAGE_MEASURES } from './coverage';
import { OVERLAP_TESTS } from './overlap';
import type { Selection } from './policy';
import { selectBoundaryPairs } from './select-boundary-pairs';

function meanBoundaryDistance(selection: Selection, signed: Float64Array): number {
  let sum = 0;
  for (const item of selection.items) sum += Math.abs(signed[item]!);
  return sum / selection.items.length;
}

function distinct(selection: Selection): boolean {
  return new Set(selection.items).size === selection.items.length;
}

describe('selectBoundaryPairs on a 2-D world with a known boundary', () => {
  for (const overlap of OVERLAP_TESTS) {
    for (const coverage of COVERAGE_MEASURES) {
      it(`${overlap} + ${coverage}: a perfect model's pairs straddle the boundary, near it, spread along it`, async () => {
        const world = twoDWorld(3000, 0, 11);
        const selection = await selectBoundaryPairs({ ...world.input, overlap, coverage, budget: 40 });
        expect(distinct(selection)).toBe(true);
        const pairs = selection.pairs ?? [];
        expect(pairs.length).toBeGreaterThan(overlap === 'radius' ? 15 : 3);
        const xs = world.input.embeddings;
        const bins = new Set<number>();
        for (const pair of pairs) {
          expect(world.signed[pair.positive]).toBeGreaterThan(0);
          expect(world.signed[pair.negative]).toBeLessThan(0);
          expect(pair.distance).toBeLessThan(0.3);
          const x = (xs[2 * pair.positive]! + xs[2 * pair.negative]!) / 2;
          const y = (xs[2 * pair.positive + 1]! + xs[2 * pair.negative + 1]!) / 2;
          expect(Math.abs(y - boundaryY(x))).toBeLessThan(0.1);
          bins.add(Math.min(9, Math.floor((x + 1) * 5)));
          expect(pair.reason).toMatch(new RegExp(coverage));
        }
        // Spread along the boundary: pairs land in most tenths of its x range, not in one spot.
        if (overlap === 'radius') expect(bins.size).toBeGreaterThanOrEqual(8);
      });
    }
  }

  it('pairs shrink toward the true boundary as the model improves', async () => {
    const distances: number[] = [];
    for (const noise of [0.4, 0.2, 0.1, 0.02]) {
      const world = twoDWorld(3000, noise, 5);
      distances.push(
        meanBoundaryDistance(await selectBoundaryPairs({ ...world.input, budget: 40 }), world.signed),
      );
    }
    for (let index = 1; index < distances.length; index++)
      expect(distances[index]).toBeLessThan(distances[index - 1]!);
    expect(distances.at(-1)).toBeLessThan(0.05);
  });

  it('never returns a reviewed item, across iterations', async () => {
    const world = twoDWorld(1500, 0.05, 3);
    const reviewed = new Uint8Array(1500);
    for (let index = 0; index < 1500; index += 3) reviewed[index] = 1;
    for (let iteration = 0; iteration < 5; iteration++) {
      const selection = await selectBoundaryPairs({ ...world.input, reviewed, seed: iteration, budget: 30 });
      expect(selection.items.length).toBe(30);
      expect(distinct(selection)).toBe(true);
      for (const item of selection.items) {
        expect(reviewed[item]).toBe(0);
        reviewed[item] = 1;
      }
    }
  });

  it('returns the same batch for the same seed', async () => {
    const world = twoDWorld(2000, 0.1, 8);
    const a = await selectBoundaryPairs({ ...world.input, seed: 'same' });
    const b = await selectBoundaryPairs({ ...world.input, seed: 'same' });
    expect(a).toEqual(b);
  });
});

describe('selectBoundaryPairs degenerate inputs', () => {
  it('every item predicted one label: no pairs, says so, falls back only when asked', async () => {
    const world = twoDWorld(500, 0, 1);
    const input = { ...world.input, predicted: new Uint8Array(500) };
    const plain = await selectBoundaryPairs(input);
    expect(plain.items.length).toBe(0);
    expect(plain.warnings.join()).toMatch(/every unreviewed item is predicted negative/);
    const filled = await selectBoundaryPairs({ ...input, fallback: 'random' });
    expect(filled.items.length).toBe(40);
    expect(distinct(filled)).toBe(true);
    expect(filled.warnings.join()).toMatch(/with the random policy \(fallback\)/);
  });

  it('budget 0 selects nothing, with a warning', async () => {
    const selection = await selectBoundaryPairs({ ...twoDWorld(300, 0, 1).input, budget: 0 });
    expect(selection.items.length).toBe(0);
    expect(selection.warnings.join()).toMatch(/budget 0/);
  });

  it('fewer items than k: uses fewer clusters and says so', async () => {
    const world = twoDWorld(40, 0, 2);
    const selection = await selectBoundaryPairs({ ...world.input, k: 30, budget: 6 });
    expect(selection.items.length).toBe(6);
    expect(distinct(selection)).toBe(true);
    expect(selection.warnings.join()).toMatch(/items for k = 30; using k = /);
  });

  it('duplicate embeddings: every item at most once, the batch still full', async () => {
    const base = twoDWorld(400, 0, 6).input;
    const embeddings = new Float32Array(1600);
    const predicted = new Uint8Array(800);
    for (let index = 0; index < 800; index++) {
      embeddings.set(base.embeddings.subarray(2 * (index % 400), 2 * (index % 400) + 2), 2 * index);
      predicted[index] = base.predicted[index % 400]!;
    }
    const input = {
      embeddings,
      dimensions: 2,
      predicted,
      reviewed: new Uint8Array(800),
      budget: 20,
      seed: 1,
    };
    const selection = await selectBoundaryPairs(input);
    expect(distinct(selection)).toBe(true);
    expect(selection.items.length).toBe(20);
  });

  it('all embeddings equal per side: one cluster each, a defined result with warnings', async () => {
    const embeddings = new Float32Array(200 * 2);
    const predicted = new Uint8Array(200);
    for (let index = 0; index < 200; index++) {
      embeddings[2 * index] = index % 2;
      predicted[index] = index % 2;
    }
    const input = {
      embeddings,
      dimensions: 2,
      predicted,
      reviewed: new Uint8Array(200),
      budget: 10,
      seed: 1,
    };
    const selection = await selectBoundaryPairs(input);
    expect(distinct(selection)).toBe(true);
    expect(selection.items.length).toBeGreaterThan(0);
    expect(selection.items.length).toBeLessThanOrEqual(10);
    expect(selection.warnings.join()).toMatch(/duplicate embeddings/);
    const strict = await selectBoundaryPairs({ ...input, fillBelowThreshold: false });
    expect(strict.items.length).toBe(0);
    expect(strict.warnings.join()).toMatch(/no positive\/negative cluster pair overlaps/);
  });

  it('an odd budget fills its last slot with one positive item', async () => {
    const world = twoDWorld(2000, 0, 4);
    const selection = await selectBoundaryPairs({ ...world.input, budget: 7 });
    expect(selection.items.length).toBe(7);
    expect(selection.pairs?.length).toBe(3);
    expect(world.input.predicted[selection.items[6]!]).toBe(1);
  });

  it('rejects mismatched shapes with the field named', async () => {
    const world = twoDWorld(100, 0, 1);
    await expect(selectBoundaryPairs({ ...world.input, reviewed: new Uint8Array(3) })).rejects.toThrow(
      /reviewed has 3 entries/,
    );
    await expect(selectBoundaryPairs({ ...world.input, budget: -1 })).rejects.toThrow(/budget/);
  });
});

describe('fast options: pairSearchKernel, clusterSample', () => {
  it('the WebAssembly pair search (pairSearchKernel) meets the same bars and reports exact distances', async () => {
    const world = twoDWorld(3000, 0, 11);
    const xs = world.input.embeddings;
    const selection = await selectBoundaryPairs({ ...world.input, pairSearchKernel: 'auto' });
    const pairs = selection.pairs ?? [];
    expect(pairs.length).toBe(20);
    const bins = new Set<number>();
    for (const pair of pairs) {
      expect(world.signed[pair.positive]).toBeGreaterThan(0);
      expect(world.signed[pair.negative]).toBeLessThan(0);
      expect(pair.distance).toBe(Math.sqrt(squaredDistance(xs, pair.positive, xs, pair.negative, 2)));
      const x = (xs[2 * pair.positive]! + xs[2 * pair.negative]!) / 2;
      const y = (xs[2 * pair.positive + 1]! + xs[2 * pair.negative + 1]!) / 2;
      expect(Math.abs(y - boundaryY(x))).toBeLessThan(0.1);
      bins.add(Math.min(9, Math.floor((x + 1) * 5)));
    }
    expect(bins.size).toBeGreaterThanOrEqual(8);
  });

  it('clusterSample: sides clustered on a sample still give pairs on the boundary, spread along it', async () => {
    const world = twoDWorld(3000, 0, 11);
    const xs = world.input.embeddings;
    // About 1,500 items a side: a sample of 400 per side, then every item assigned exactly.
    const selection = await selectBoundaryPairs({ ...world.input, clusterSample: 400 });
    const pairs = selection.pairs ?? [];
    expect(pairs.length).toBe(20);
    expect(new Set(selection.items).size).toBe(40);
    const bins = new Set<number>();
    for (const pair of pairs) {
      expect(world.signed[pair.positive]).toBeGreaterThan(0);
      expect(world.signed[pair.negative]).toBeLessThan(0);
      const x = (xs[2 * pair.positive]! + xs[2 * pair.negative]!) / 2;
      const y = (xs[2 * pair.positive + 1]! + xs[2 * pair.negative + 1]!) / 2;
      expect(Math.abs(y - boundaryY(x))).toBeLessThan(0.1);
      bins.add(Math.min(9, Math.floor((x + 1) * 5)));
    }
    expect(bins.size).toBeGreaterThanOrEqual(8);
    // A sample as large as the side changes nothing.
    const whole = await selectBoundaryPairs({ ...world.input, clusterSample: 3000 });
    expect(whole.items).toEqual((await selectBoundaryPairs(world.input)).items);
    await expect(selectBoundaryPairs({ ...world.input, clusterSample: 0 })).rejects.toThrow(
      /clusterSample must be a positive integer/,
    );
  });
});
