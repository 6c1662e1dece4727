import { internalAlignment, type PanelRecord } from '@borderline/loop';
import type { CuratedRun } from './curated-runs';
import type { DatasetSetup } from './dataset-setup';
import type { TaskReport } from './report';
import { round } from './round';

/** Full-pool indices of every item the runs sent to the experts and got labels for, ascending. */
export function curatedFullSet(runs: readonly CuratedRun[], fullIndex: Int32Array): Int32Array {
  const items = new Set<number>();
  for (const { state } of runs) for (const panel of state.panels) items.add(fullIndex[panel.item]!);
  return Int32Array.from(items).sort();
}

/** The dataset's task row: internal alignment over the curated set (the primary runs of both models). */
export function datasetTaskReport(setup: DatasetSetup, primaries: readonly CuratedRun[]): TaskReport {
  const annotators: string[] = [];
  const panels = new Map<number, PanelRecord>();
  for (const { state } of primaries) {
    for (const panel of state.panels) {
      const item = setup.pool.fullIndex[panel.item]!;
      if (panels.has(item)) continue;
      const codes = panel.annotators.map((code) => {
        const id = state.annotators[code]!;
        const found = annotators.indexOf(id);
        return found >= 0 ? found : annotators.push(id) - 1;
      });
      panels.set(item, { ...panel, item, annotators: codes });
    }
  }
  const alignment = internalAlignment([...panels.values()], annotators.length);
  return {
    task: setup.name,
    poolSize: setup.full.ids.length,
    expertPairwiseKappa: round(alignment.value ?? Number.NaN),
    curatedItems: panels.size,
    // Added fields.
    recordedLabels: setup.labels.length,
    auditItems: setup.audit.items.length,
  };
}
