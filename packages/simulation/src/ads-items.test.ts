import { expect, it } from 'vitest';
import { adsItems, adsManifest } from './ads-items';
import { createAdsWorld } from './create-ads-world';

const world = createAdsWorld({ task: 'higher', size: 300, seed: 1 });

it('lists the ads as items with their vertical', () => {
  const items = adsItems(world);
  expect(items).toHaveLength(300);
  expect(items[5]).toEqual({
    id: world.ids[5],
    text: world.texts[5],
    meta: { vertical: world.verticals[world.vertical[5]!] },
  });
  expect(adsItems(world, Int32Array.of(7, 2)).map((item) => item.id)).toEqual([world.ids[7], world.ids[2]]);
  expect(() => adsItems(world, Int32Array.of(300))).toThrow(/outside/);
});

it('describes the world as a dataset', () => {
  expect(adsManifest(world)).toMatchObject({
    name: 'ads-higher',
    labels: ['benign', 'violating'],
    positive: 'violating',
  });
});
