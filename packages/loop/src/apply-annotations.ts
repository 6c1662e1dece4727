import { BorderlineError } from '@borderline/core';
import { adaptPhase } from './adapt-phase';
import { currentBatch } from './next-effect';
import { expertVerdict } from './panel';
import { splitBatch } from './split';
import type {
  CurationEvent,
  CurationState,
  IndexedAnnotation,
  PanelRecord,
  Transition,
  UnavailableRecord,
} from './types';

/**
 * Records the panel's answers for the current batch, then splits the newly labelled items between fine-tuning
 * and evaluation (this batch only; earlier splits never move). Every batch item must be answered exactly once;
 * an item answered with no labels is recorded as unavailable, never given a label.
 */
export function applyAnnotations(
  state: CurationState,
  annotations: readonly IndexedAnnotation[],
): Transition {
  const batch = currentBatch(state);
  const pending = new Set(batch.items);
  const annotators = [...state.annotators];
  const panels: PanelRecord[] = [];
  const unavailable: UnavailableRecord[] = [];
  for (const annotation of annotations) {
    if (!pending.delete(annotation.item)) {
      throw invalid(
        `item ${annotation.item} is not awaiting labels in iteration ${state.iteration} (or came twice)`,
      );
    }
    if (annotation.status === 'unavailable' || annotation.labels.length === 0) {
      const reason = annotation.status === 'unavailable' ? annotation.reason : 'no labels returned';
      unavailable.push({ item: annotation.item, iteration: state.iteration, reason });
      continue;
    }
    panels.push(toPanel(state, annotation, annotators));
  }
  if (pending.size > 0) {
    throw invalid(`no answer for ${pending.size} batch item(s), e.g. item ${pending.values().next().value}`);
  }
  return splitNewPanels(
    {
      ...state,
      annotators,
      panels: [...state.panels, ...panels],
      unavailable: [...state.unavailable, ...unavailable],
    },
    panels,
    unavailable.length,
  );
}

function toPanel(
  state: CurationState,
  annotation: Extract<IndexedAnnotation, { status: 'labelled' }>,
  annotators: string[],
): PanelRecord {
  const { labels: categories, positive } = state.config;
  const seen = new Set<number>();
  const codes: number[] = [];
  const values: (0 | 1)[] = [];
  for (const { annotator, label } of annotation.labels) {
    if (!categories.includes(label)) {
      throw invalid(
        `item ${annotation.item}: annotator "${annotator}" gave "${label}", not one of ${categories}`,
      );
    }
    let code = annotators.indexOf(annotator);
    if (code < 0) code = annotators.push(annotator) - 1;
    if (seen.has(code)) throw invalid(`item ${annotation.item}: annotator "${annotator}" labelled it twice`);
    seen.add(code);
    codes.push(code);
    values.push(label === positive ? 1 : 0);
  }
  return { item: annotation.item, iteration: state.iteration, annotators: codes, labels: values };
}

function splitNewPanels(
  state: CurationState,
  panels: readonly PanelRecord[],
  unavailable: number,
): Transition {
  const items: number[] = [];
  const labels: (0 | 1)[] = [];
  for (const panel of panels) {
    const verdict = expertVerdict(panel, state.config.tiePolicy);
    if (verdict.label === null) continue;
    items.push(panel.item);
    labels.push(verdict.label);
  }
  const split = splitBatch(items, labels, {
    fineTuneShare: state.config.fineTuneShare,
    seed: `${state.config.seed}:split:${state.iteration}`,
  });
  const fineTune = [...state.fineTune, ...split.fineTune];
  const evaluation = [...state.evaluation, ...split.evaluation];
  const iteration = state.iteration;
  const events: CurationEvent[] = [
    { type: 'annotated', iteration, labelled: panels.length, unavailable },
    {
      type: 'split',
      iteration,
      fineTuneAdded: split.fineTune.length,
      evaluationAdded: split.evaluation.length,
      fineTune: fineTune.length,
      evaluation: evaluation.length,
    },
  ];
  // The starting model is measured once, on the first evaluation set, before anything is trained.
  const next = { ...state, fineTune, evaluation };
  if (iteration === 1) return { state: { ...next, phase: 'evaluate-base' }, events };
  const { phase, events: warnings } = adaptPhase(next);
  events.push(...warnings);
  return { state: { ...next, phase }, events };
}

function invalid(message: string): BorderlineError {
  return new BorderlineError({ code: 'invalid-argument', message: `applyResult (annotated): ${message}` });
}
