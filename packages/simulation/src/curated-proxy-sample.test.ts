import { expect, it } from 'vitest';
import { createAdsWorld } from './create-ads-world';
import { curatedProxySample } from './curated-proxy-sample';

const world = createAdsWorld({ task: 'lower', size: 50_000, seed: 2 });

it('draws a sorted, distinct, ~40% positive, boundary-heavy sample', () => {
  const sample = curatedProxySample(world, { seed: 1 });
  expect(sample).toHaveLength(650);
  for (let row = 1; row < sample.length; row++) expect(sample[row]!).toBeGreaterThan(sample[row - 1]!);
  let positives = 0;
  let sampleBoundary = 0;
  for (const index of sample) {
    const p = world.consensus[index]!;
    if (p > 0.5) positives++;
    sampleBoundary += 4 * p * (1 - p);
  }
  expect(positives).toBe(260);
  let poolBoundary = 0;
  for (const p of world.consensus) poolBoundary += 4 * p * (1 - p);
  expect(sampleBoundary / sample.length).toBeGreaterThan(5 * (poolBoundary / world.consensus.length));
});

it('is seeded', () => {
  expect(curatedProxySample(world, { seed: 3 })).toEqual(curatedProxySample(world, { seed: 3 }));
  expect(curatedProxySample(world, { seed: 3 })).not.toEqual(curatedProxySample(world, { seed: 4 }));
});

it('fills from the other stratum when one is short, and handles the edges', () => {
  const tiny = createAdsWorld({ task: 'lower', size: 200, seed: 1 });
  const all = curatedProxySample(tiny, { seed: 1, size: 200, positiveShare: 0.9 });
  expect(Array.from(all)).toEqual(Array.from({ length: 200 }, (_, index) => index));
  expect(curatedProxySample(tiny, { seed: 1, size: 0 })).toHaveLength(0);
  expect(() => curatedProxySample(tiny, { seed: 1, size: 201 })).toThrow(/size/);
  expect(() => curatedProxySample(tiny, { seed: 1, size: 100, positiveShare: 2 })).toThrow(/positiveShare/);
});
