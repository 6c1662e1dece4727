import { BorderlineError } from '@borderline/core';
import type { CurationState, PanelRecord, TiePolicy } from './types';

/** An item's expert verdict: the majority label (or `null` for an excluded tie) and the share who gave it. */
export interface ExpertVerdict {
  readonly label: 0 | 1 | null;
  /** Share of the item's experts who gave `label` (0.5 for a resolved tie). */
  readonly agreement: number;
  readonly tie: boolean;
}

/** The majority of one panel under a tie policy. A panel with no labels is a tie. */
export function expertVerdict(panel: PanelRecord, tiePolicy: TiePolicy): ExpertVerdict {
  let positives = 0;
  for (const label of panel.labels) positives += label;
  const total = panel.labels.length;
  const negatives = total - positives;
  if (positives !== negatives) {
    const label = positives > negatives ? 1 : 0;
    return { label, agreement: Math.max(positives, negatives) / total, tie: false };
  }
  switch (tiePolicy) {
    case 'exclude':
      return { label: null, agreement: 0.5, tie: true };
    case 'positive':
      return { label: 1, agreement: 0.5, tie: true };
    case 'negative':
      return { label: 0, agreement: 0.5, tie: true };
    default:
      return assertNever(tiePolicy);
  }
}

/** Pool index -> expert verdict, over every labelled item of the run. */
export function expertVerdicts(state: CurationState): Map<number, ExpertVerdict> {
  const verdicts = new Map<number, ExpertVerdict>();
  for (const panel of state.panels) verdicts.set(panel.item, expertVerdict(panel, state.config.tiePolicy));
  return verdicts;
}

/** The expert majority of each item, in order; throws for an item without a verdict (a bug in the caller). */
export function majorityLabels(state: CurationState, items: readonly number[]): Uint8Array {
  const verdicts = expertVerdicts(state);
  const labels = new Uint8Array(items.length);
  items.forEach((item, position) => {
    const label = verdicts.get(item)?.label;
    if (label === undefined || label === null)
      throw new BorderlineError({ code: 'internal', message: `loop: no expert majority for item ${item}` });
    labels[position] = label;
  });
  return labels;
}

/** Exhaustiveness guard for `switch` over unions. */
export function assertNever(value: never): never {
  throw new BorderlineError({ code: 'internal', message: `loop: unexpected ${JSON.stringify(value)}` });
}
