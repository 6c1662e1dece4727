import { adsItems, createAdsWorld, createCrowd, createExpertPanel } from '@borderline/simulation';
import { describeAnnotatorConformance } from './conformance';

// The annotator contract suite, run on both simulated panels: the loop treats them as any annotator. It lives
// here rather than in simulation so that the two packages' dev dependencies point one way only.
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
