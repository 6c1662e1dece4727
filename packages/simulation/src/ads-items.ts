import {
  type Annotation,
  type CallOptions,
  type DatasetManifest,
  type Item,
  invalidArgument,
  type Label,
  throwIfAborted,
} from '@borderline/core';
import { ADS_LABELS, type AdsWorld } from './types';

/** The world's ads as `Item`s (all of them, or those at `indices`), with the vertical in `meta`. */
export function adsItems(world: AdsWorld, indices?: Int32Array): Item[] {
  const size = world.ids.length;
  const at = (index: number, row: number): Item => {
    if (!(index >= 0 && index < size)) {
      throw invalidArgument('adsItems', `indices[${row}] = ${index} is outside [0, ${size})`);
    }
    return {
      id: world.ids[index]!,
      text: world.texts[index]!,
      meta: { vertical: world.verticals[world.vertical[index]!] },
    };
  };
  if (indices === undefined) return world.ids.map((_, index) => at(index, index));
  return Array.from(indices, at);
}

/** The `dataset.json` of the world, as if it were written to a dataset folder. */
export function adsManifest(world: AdsWorld): DatasetManifest {
  return {
    name: `ads-${world.task}`,
    task: world.task === 'lower' ? 'clickbait ads' : 'misleading health or money claims in ads',
    labels: [ADS_LABELS[0], ADS_LABELS[1]],
    positive: ADS_LABELS[1],
    roles: ['expert', 'crowd'],
    source: `synthetic: @borderline/simulation, seed ${String(world.seed)}, ${world.ids.length} ads`,
  };
}

/**
 * An annotator's answer over the world's ads: `labelsAt(index, id)` for each item that is an ad of the world (at
 * its index), `unavailable` for any other. An aborted call is refused, naming `component`.
 */
export async function annotateAds(
  world: AdsWorld,
  items: readonly Item[],
  labelsAt: (index: number, id: string) => Label[],
  component: string,
  callOptions?: CallOptions,
): Promise<Annotation[]> {
  throwIfAborted(callOptions?.signal, component);
  return items.map((item): Annotation => {
    const index = world.indexOf(item.id);
    if (index < 0) {
      return { status: 'unavailable', item: item.id, reason: `not an ad of the ${world.task} world` };
    }
    return { status: 'labelled', item: item.id, labels: labelsAt(index, item.id) };
  });
}
