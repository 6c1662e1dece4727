import type { Item, Label } from '@borderline/core';
import type { Annotator } from '@borderline/runners';
import {
  ADS_LABELS,
  type AdsTask,
  type CalibratedAdsWorld,
  createAdsWorld,
  createCrowd,
  createExpertPanel,
} from '@borderline/simulation';

/** Default size of a simulated pool (the paper's pool is 100,000 ads). */
export const DEFAULT_SIMULATED_SIZE = 100_000;

/** `sim:lower` / `sim:higher` name the simulated ads world of that task. */
export function parseSimulatedName(name: string): { readonly task: AdsTask } | undefined {
  const match = /^sim:(lower|higher)$/.exec(name);
  return match === null ? undefined : { task: match[1] as AdsTask };
}

function world(task: AdsTask, seed: number, size: number): CalibratedAdsWorld {
  return createAdsWorld({ task, size, seed });
}

/**
 * A simulated pool: the ads world of the task for the run's seed, with its crowd's labels (one per ad) for the
 * ledger. The world is regenerated from (task, size, seed) when the run needs its expert panel.
 */
export function loadSimulatedPool(
  simulated: { readonly task: AdsTask },
  options: { readonly seed: number; readonly size?: number | undefined },
) {
  const size = options.size ?? DEFAULT_SIMULATED_SIZE;
  const ads = world(simulated.task, options.seed, size);
  const items: Item[] = ads.ids.map((id, index) => ({ id, text: ads.texts[index] ?? '' }));
  const crowd: Label[] = createCrowd(ads, { seed: options.seed }).toLabels();
  return {
    name: `sim:${simulated.task}`,
    dir: `sim:${simulated.task}`,
    task: ads.policy,
    labels: [ADS_LABELS[0], ADS_LABELS[1]] as const,
    positive: ADS_LABELS[1],
    items,
    crowd,
  };
}

/** The simulated expert panel of a simulated run's world. */
export function simulatedExperts(
  task: AdsTask,
  seed: number,
  size: number,
  experts: number | undefined,
): Annotator {
  const ads = world(task, seed, size);
  return createExpertPanel(ads, { seed, ...(experts === undefined ? {} : { experts }) });
}
