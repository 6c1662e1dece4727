import { expect, it } from 'vitest';
import { createAdsWorld } from './create-ads-world';
import { COMPOSITION_CELLS, compositionCell, curatedComposition } from './curated-composition';
import { curatedProxySample } from './curated-proxy-sample';
import { LOOP_COMPOSITION } from './loop-composition';

const world = createAdsWorld({ task: 'lower', size: 50_000, seed: 2 });

it('draws a sorted, distinct sample of the loop composition by default', () => {
  const sample = curatedProxySample(world, { seed: 1 });
  expect(sample).toHaveLength(LOOP_COMPOSITION.lower.size);
  for (let row = 1; row < sample.length; row++) expect(sample[row]!).toBeGreaterThan(sample[row - 1]!);
  // Every cell holds its share of the size, to within the rounding of one item.
  const { shares } = curatedComposition(world, sample);
  for (let cell = 0; cell < COMPOSITION_CELLS; cell++) {
    const want = LOOP_COMPOSITION.lower.shares[cell]! * sample.length;
    expect(Math.abs(shares[cell]! * sample.length - want)).toBeLessThan(1);
  }
});

it('draws uniformly within a cell', () => {
  // One cell only: plain ads with consensus < .01 and subtlety < .25; each member is drawn with the same chance.
  const shares = Array.from({ length: COMPOSITION_CELLS }, (_, cell) => (cell === 0 ? 1 : 0));
  const members: number[] = [];
  for (let index = 0; index < world.consensus.length; index++) {
    if (compositionCell(world.consensus[index]!, world.subtlety[index]!) === 0) members.push(index);
  }
  const size = Math.floor(members.length / 2);
  const sample = curatedProxySample(world, { seed: 5, composition: { size, shares } });
  expect(sample).toHaveLength(size);
  for (const index of sample)
    expect(compositionCell(world.consensus[index]!, world.subtlety[index]!)).toBe(0);
  // Half the cell is drawn: the lower and upper halves of the cell (by index) each give about half of it.
  const middle = members[Math.floor(members.length / 2)]!;
  const low = sample.filter((index) => index < middle).length;
  expect(Math.abs(low / size - 0.5)).toBeLessThan(0.02);
});

it('is seeded', () => {
  expect(curatedProxySample(world, { seed: 3 })).toEqual(curatedProxySample(world, { seed: 3 }));
  expect(curatedProxySample(world, { seed: 3 })).not.toEqual(curatedProxySample(world, { seed: 4 }));
});

it('gives all a short cell has, and rejects a bad size or composition', () => {
  const tiny = createAdsWorld({ task: 'lower', size: 200, seed: 1 });
  const all = curatedProxySample(tiny, { seed: 1, size: 200 });
  // The loop composition wants items this pool does not have in some cells: fewer than 200, none twice.
  expect(all.length).toBeLessThan(200);
  expect(new Set(all).size).toBe(all.length);
  expect(curatedProxySample(tiny, { seed: 1, size: 0 })).toHaveLength(0);
  expect(() => curatedProxySample(tiny, { seed: 1, size: 201 })).toThrow(/size/);
  const zeros = new Array<number>(COMPOSITION_CELLS).fill(0);
  expect(() => curatedProxySample(tiny, { seed: 1, composition: { size: 10, shares: [1] } })).toThrow(
    /32 entries/,
  );
  expect(() =>
    curatedProxySample(tiny, { seed: 1, composition: { size: 10, shares: [-1, ...zeros.slice(1)] } }),
  ).toThrow(/shares\[0\]/);
  expect(() => curatedProxySample(tiny, { seed: 1, composition: { size: 10, shares: zeros } })).toThrow(
    /not all be 0/,
  );
});
