import { BorderlineError } from '@borderline/core';
import { internalAlignment, modelExpertKappa, positiveShare } from './measure';
import { expertVerdicts } from './panel';
import { predict } from './predict';
import type { CurationState, IterationRecord } from './types';

/**
 * Measures the model that produced `scores` (P(positive) over the cumulative evaluation set, in its order):
 * kappa against the expert majority with its interval, internal alignment over the whole curated set, and the
 * set sizes. `iteration` 0 records the starting model, trained on nothing.
 */
export function buildIterationRecord(
  state: CurationState,
  iteration: number,
  scores: ArrayLike<number>,
): IterationRecord {
  if (scores.length !== state.evaluation.length) {
    throw new BorderlineError({
      code: 'invalid-argument',
      message: `applyResult (evaluated): ${scores.length} scores for ${state.evaluation.length} evaluation items`,
    });
  }
  const verdicts = expertVerdicts(state);
  const predicted = predict(scores, state.config.threshold).labels;
  const experts = Uint8Array.from(state.evaluation, (item) => verdicts.get(item)?.label ?? 0);
  const curated: number[] = [];
  let ties = 0;
  for (const verdict of verdicts.values()) {
    if (verdict.tie) ties++;
    if (verdict.label !== null) curated.push(verdict.label);
  }
  const batch = iteration === 0 ? undefined : state.batches.find((entry) => entry.iteration === iteration);
  const labelled = state.panels.filter((panel) => panel.iteration === iteration).length;
  return {
    iteration,
    modelVersion: state.modelVersion,
    selected: batch?.items.length ?? 0,
    labelled: iteration === 0 ? 0 : labelled,
    unavailable: state.unavailable.filter((entry) => entry.iteration === iteration).length,
    reviewed: iteration === 0 ? 0 : state.batches.reduce((sum, entry) => sum + entry.items.length, 0),
    fineTuneExamples: iteration === 0 ? 0 : state.trainedExamples,
    evalExamples: state.evaluation.length,
    evalPositives: experts.reduce((sum, label) => sum + label, 0),
    positiveShare: positiveShare(Uint8Array.from(curated)),
    kappa: modelExpertKappa(predicted, experts),
    internalAlignment: internalAlignment(state.panels, state.annotators.length),
    ties,
  };
}
