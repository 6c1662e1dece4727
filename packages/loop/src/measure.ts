import { cohenKappa, internalAlignment as measureAlignment } from '@borderline/agreement';
import type { KappaFigure, PanelRecord } from './types';

const UNDEFINED: KappaFigure = { value: null, ci95: null, n: 0 };

/**
 * Cohen's kappa of model predictions against the expert majority (both 0/1, aligned), with its analytic 95%
 * interval. Undefined (no items, or one category on both sides) gives `value: null`, never NaN.
 */
export function modelExpertKappa(predicted: Uint8Array, experts: Uint8Array): KappaFigure {
  if (predicted.length === 0) return UNDEFINED;
  const result = cohenKappa(Int32Array.from(predicted), Int32Array.from(experts), { categories: 2 });
  if (!result.defined) return { value: null, ci95: null, n: result.n };
  return { value: result.kappa, ci95: [result.ci95[0], result.ci95[1]], n: result.n };
}

/**
 * Internal alignment: the mean pairwise Cohen's kappa between experts over the given panels (agreement's
 * `internalAlignment`), each pair on the items both labelled; pairs with an undefined kappa are left out and `n`
 * counts those that entered. The interval is the mean of the pairs' interval ends: a simple band for the stopping
 * rule's `alignment-ci-lower` target (the pairs share items, so their errors are not independent).
 */
export function internalAlignment(panels: readonly PanelRecord[], annotatorCount: number): KappaFigure {
  if (annotatorCount < 2 || panels.length === 0) return UNDEFINED;
  const result = measureAlignment(panelMatrix(panels, annotatorCount), {
    annotators: annotatorCount,
    categories: 2,
  });
  if (result.definedPairs === 0) return UNDEFINED;
  let lower = 0;
  let upper = 0;
  for (const pair of result.pairs) {
    if (!pair.defined) continue;
    lower += pair.ci95[0];
    upper += pair.ci95[1];
  }
  const pairs = result.definedPairs;
  return { value: result.meanPairwiseKappa, ci95: [lower / pairs, upper / pairs], n: pairs };
}

/** The panels as an items x annotators matrix of codes, -1 where an annotator gave no label. */
export function panelMatrix(panels: readonly PanelRecord[], annotatorCount: number): Int32Array {
  const matrix = new Int32Array(panels.length * annotatorCount).fill(-1);
  panels.forEach((panel, position) => {
    panel.annotators.forEach((annotator, slot) => {
      matrix[position * annotatorCount + annotator] = panel.labels[slot]!;
    });
  });
  return matrix;
}

/** Share of 1s; `null` for an empty array. */
export function positiveShare(labels: Uint8Array): number | null {
  if (labels.length === 0) return null;
  let positives = 0;
  for (const label of labels) positives += label;
  return positives / labels.length;
}
