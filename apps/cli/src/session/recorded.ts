import type { Label } from '@borderline/core';
import { labelsOfRole, loadDataset } from '@borderline/ingest';
import { type Annotator, createRecordedPanel } from '@borderline/runners';
import type { Environment } from './models';
import type { RunConfig } from './run-config';

/**
 * The dataset's recorded expert judgments as the run's experts. With `expertsPerItem`, each item keeps the
 * labels of its first N experts by annotator id (a fixed, documented choice, so reruns ask the same experts).
 */
export async function recordedExperts(config: RunConfig, env: Environment, cwd: string): Promise<Annotator> {
  const dataset = await loadDataset(config.dataset.dir, { env, cwd });
  const byItem = new Map<string, Label[]>();
  for (const label of labelsOfRole(dataset, 'expert')) {
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
  return createRecordedPanel(kept, { role: 'expert', id: `recorded:${dataset.manifest.name}` });
}
