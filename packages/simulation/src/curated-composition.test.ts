import { expect, it } from 'vitest';
import { createAdsWorld } from './create-ads-world';
import {
  COMPOSITION_CELLS,
  CONSENSUS_EDGES,
  compositionCell,
  curatedComposition,
  SUBTLETY_EDGES,
} from './curated-composition';
import { LOOP_COMPOSITION } from './loop-composition';

it('bins consensus by row and subtlety by column, an edge value in the upper bin', () => {
  const columns = SUBTLETY_EDGES.length + 1;
  expect(COMPOSITION_CELLS).toBe((CONSENSUS_EDGES.length + 1) * columns);
  expect(compositionCell(0, 0)).toBe(0);
  expect(compositionCell(0.009, 0.8)).toBe(3);
  expect(compositionCell(0.01, 0)).toBe(columns);
  expect(compositionCell(0.5, 0.5)).toBe(4 * columns + 2);
  expect(compositionCell(1, 1)).toBe(COMPOSITION_CELLS - 1);
});

it('measures the share of items per cell', () => {
  const world = createAdsWorld({ task: 'higher', size: 2000, seed: 4 });
  const indices = Int32Array.of(0, 1, 2, 3, 3);
  const { size, shares } = curatedComposition(world, indices);
  expect(size).toBe(5);
  const expected = new Array<number>(COMPOSITION_CELLS).fill(0);
  for (const index of indices)
    expected[compositionCell(world.consensus[index]!, world.subtlety[index]!)]! += 0.2;
  expect(shares.map((share) => share.toFixed(6))).toEqual(expected.map((share) => share.toFixed(6)));
  expect(() => curatedComposition(world, new Int32Array(0))).toThrow(/at least one/);
  expect(() => curatedComposition(world, Int32Array.of(2000))).toThrow(/indices\[0\] = 2000/);
});

it('holds a measured composition per task: one share per cell, summing to 1', () => {
  for (const composition of Object.values(LOOP_COMPOSITION)) {
    expect(composition.shares).toHaveLength(COMPOSITION_CELLS);
    const total = composition.shares.reduce((sum, share) => sum + share, 0);
    expect(Math.abs(total - 1)).toBeLessThan(0.002);
  }
});
