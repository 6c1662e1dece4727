import { describeAnnotatorConformance } from '@borderline/runners/testing';
import { adsItems } from './ads-items';
import { createAdsWorld } from './create-ads-world';
import { createCrowd } from './create-crowd';
import { createExpertPanel } from './create-expert-panel';

// The runners' annotator contract suite, run on both simulated panels: the loop treats them as any annotator.
for (const task of ['lower', 'higher'] as const) {
  const world = createAdsWorld({ task, size: 400, seed: 3 });
  const known = adsItems(world, Int32Array.of(0, 7, 99, 250, 399));
  // Items outside the world have no latent truth: a panel must say so instead of inventing a label.
  const strangers = [
    { id: 'not-an-ad-1', text: 'An item from another dataset' },
    { id: 'not-an-ad-2', text: '' },
  ];
  const items = [...known.slice(0, 2), strangers[0]!, ...known.slice(2), strangers[1]!];
  const options = { items, unavailable: strangers.map((item) => item.id) };
  describeAnnotatorConformance(
    `simulated experts (${task})`,
    () => createExpertPanel(world, { seed: 4 }),
    options,
  );
  describeAnnotatorConformance(`simulated crowd (${task})`, () => createCrowd(world, { seed: 5 }), options);
}
