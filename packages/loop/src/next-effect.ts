import { BorderlineError } from '@borderline/core';
import { assertNever } from './panel';
import { fineTuneExamples, reviewedItems } from './state';
import type { CurationEffect, CurationState } from './types';

/**
 * What the run needs next, derived from its state alone (calling it twice gives the same effect, so a driver
 * that crashed between effects simply asks again).
 */
export function nextEffect(state: CurationState): CurationEffect {
  const { iteration } = state;
  switch (state.phase) {
    case 'score':
      return { type: 'score', iteration, modelVersion: state.modelVersion };
    case 'select': {
      const reviewed = reviewedItems(state);
      return {
        type: 'select',
        iteration,
        budget: selectionBudget(state, reviewed.length),
        seed: `${state.config.seed}:select:${iteration}`,
        reviewed,
      };
    }
    case 'annotate':
      return { type: 'annotate', iteration, items: currentBatch(state).items };
    case 'evaluate-base':
      return { type: 'evaluate', iteration: 0, modelVersion: state.modelVersion, items: state.evaluation };
    case 'adapt':
      return {
        type: 'adapt',
        iteration,
        fromVersion: state.modelVersion,
        toVersion: state.modelVersion + 1,
        examples: fineTuneExamples(state),
      };
    case 'evaluate':
      return { type: 'evaluate', iteration, modelVersion: state.modelVersion, items: state.evaluation };
    case 'done':
      if (state.stop === null) throw internal('a finished run has no stop decision');
      return { type: 'done', decision: state.stop };
    default:
      return assertNever(state.phase);
  }
}

/** Items for this iteration: the batch size, capped by what is left of the total budget. */
function selectionBudget(state: CurationState, reviewed: number): number {
  const budget = state.config.stop.budget;
  const remaining = budget === undefined ? state.config.batchSize : Math.max(0, budget - reviewed);
  return Math.min(state.config.batchSize, remaining, state.poolSize - reviewed);
}

/** The batch of the iteration under way. */
export function currentBatch(state: CurationState) {
  const batch = state.batches.at(-1);
  if (batch === undefined || batch.iteration !== state.iteration) {
    throw internal(`iteration ${state.iteration} has no batch`);
  }
  return batch;
}

function internal(message: string): BorderlineError {
  return new BorderlineError({ code: 'internal', message: `loop: ${message}` });
}
