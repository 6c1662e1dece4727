import { join } from 'node:path';
import type { Label } from '@borderline/core';
import { BorderlineError } from '@borderline/core';
import { findDataFile, labelsOfRole, loadDataset, readLabels, readManifest } from '@borderline/ingest';
import { type Annotator, createRecordedPanel } from '@borderline/runners';
import type { Environment } from './models';
import type { RunConfig } from './run-config';

/**
 * The dataset's recorded expert judgments as the run's experts. With `expertsPerItem`, each item keeps the
 * labels of its first N experts by annotator id (a fixed, documented choice, so reruns ask the same experts).
 */
export async function recordedExperts(config: RunConfig, env: Environment, cwd: string): Promise<Annotator> {
  const { name, experts } =
    config.dataset.shards === undefined
      ? await unshardedExperts(config, env, cwd)
      : await shardedExperts(config.dataset.dir);
  const byItem = new Map<string, Label[]>();
  for (const label of experts) {
    const list = byItem.get(label.item) ?? [];
    list.push(label);
    byItem.set(label.item, list);
  }
  const cap = config.expertsPerItem;
  const kept: Label[] = [];
  for (const list of byItem.values()) {
    const sorted = [...list].sort((a, b) =>
      a.annotator < b.annotator ? -1 : a.annotator > b.annotator ? 1 : 0,
    );
    kept.push(...(cap === undefined ? sorted : sorted.slice(0, cap)));
  }
  return createRecordedPanel(kept, { role: 'expert', id: `recorded:${name}` });
}

async function unshardedExperts(config: RunConfig, env: Environment, cwd: string) {
  const dataset = await loadDataset(config.dataset.dir, { env, cwd });
  return { name: dataset.manifest.name, experts: labelsOfRole(dataset, 'expert') };
}

/** A sharded dataset's recorded experts: its labels file beside the shards (each record validated). */
async function shardedExperts(dir: string) {
  const manifest = await readManifest(join(dir, 'dataset.json'));
  const file = findDataFile(dir, 'labels');
  if (file === undefined) {
    throw new BorderlineError({
      code: 'not-found',
      message: `run: --annotators recorded needs the dataset's recorded labels, and ${dir} has no labels.jsonl (or .csv, .parquet)`,
    });
  }
  // Streamed: a pool's labels file may hold millions of crowd labels; only the experts' are kept.
  const experts: Label[] = [];
  for await (const label of readLabels(file)) if (label.role === 'expert') experts.push(label);
  return { name: manifest.name, experts };
}
