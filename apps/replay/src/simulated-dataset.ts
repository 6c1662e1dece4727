import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Label } from '@borderline/core';
import { writeItems, writeLabels } from '@borderline/ingest';
import {
  ADS_LABELS,
  type AdsTask,
  adsItems,
  adsManifest,
  createAdsWorld,
  createCrowd,
  createExpertPanel,
} from '@borderline/simulation';

/** What `writeSimulatedDataset` makes. */
export interface SimulatedDatasetOptions {
  readonly task: AdsTask;
  /** Ads in the dataset. */
  readonly size: number;
  readonly seed: number;
}

/**
 * Writes one task of the synthetic ads world as a canonical dataset folder (dataset.json, items.jsonl,
 * labels.jsonl) with its crowd (one label per ad) and its 3-expert panel (every ad), as a dataset with both
 * roles would be recorded: the replay of that folder is the paper's comparison on recorded labels.
 */
export async function writeSimulatedDataset(dir: string, options: SimulatedDatasetOptions): Promise<void> {
  const { task, size, seed } = options;
  const world = createAdsWorld({ task, size, seed });
  const panel = createExpertPanel(world, { seed });
  const crowd = createCrowd(world, { seed });
  const all = Int32Array.from({ length: size }, (_, index) => index);
  const { annotators, matrix } = panel.labelIndices(all);
  const experts: Label[] = [];
  for (let index = 0; index < size; index++) {
    for (let expert = 0; expert < annotators.length; expert++) {
      experts.push({
        item: world.ids[index]!,
        annotator: annotators[expert]!,
        role: 'expert',
        label: ADS_LABELS[matrix[index * annotators.length + expert]!]!,
      });
    }
  }
  const manifest = {
    ...adsManifest(world),
    roles: {
      expert: `${annotators.length} simulated experts, every ad`,
      crowd: 'simulated crowd workers, one label per ad',
    },
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'dataset.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeItems(join(dir, 'items.jsonl'), adsItems(world));
  await writeLabels(join(dir, 'labels.jsonl'), [...experts, ...crowd.toLabels()]);
}
