import { type Label, ROLES } from '@borderline/core';
import { loadDataset } from '@borderline/ingest';
import { type Annotator, createRecordedPanel } from '@borderline/runners';
import type { Environment } from './models';
import type { RunConfig } from './run-config';

/**
 * The dataset's recorded expert judgments as the run's experts. With `expertsPerItem`, each item keeps the
 * labels of its first N experts by annotator id (a fixed, documented choice, so reruns ask the same experts).
 */
export async function recordedExperts(config: RunConfig, env: Environment, cwd: string): Promise<Annotator> {
  const dataset = await loadDataset(config.dataset.dir, { env, cwd });
  const { labels, items } = dataset;
  const byItem = new Map<number, Label[]>();
  for (let index = 0; index < labels.count; index++) {
    if (ROLES[labels.role[index] ?? 0] !== 'expert') continue;
    const item = labels.item[index] ?? -1;
    const list = byItem.get(item) ?? [];
    list.push({
      item: items.ids[item] ?? '',
      annotator: labels.annotators[labels.annotator[index] ?? 0] ?? '',
      role: 'expert',
      label: dataset.labelSet.categoryOf(labels.label[index] ?? 0),
    });
    byItem.set(item, list);
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
