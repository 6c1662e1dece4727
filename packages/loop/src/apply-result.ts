import { BorderlineError } from '@borderline/core';
import { adaptPhase } from './adapt-phase';
import { applyAnnotations } from './apply-annotations';
import { decideStop } from './decide-stop';
import { buildIterationRecord } from './iteration-record';
import { nextEffect } from './next-effect';
import { reviewedMask } from './state';
import type { CurationEvent, CurationResult, CurationState, StopDecision, Transition } from './types';

/**
 * The run's one transition: the result of the effect `nextEffect(state)` asked for, applied to the state.
 * Pure: the old state is unchanged. A result of the wrong kind for the phase is a `run-state` error; a
 * malformed result (an item already reviewed, a label outside the label set) is `invalid-argument`.
 */
export function applyResult(state: CurationState, result: CurationResult): Transition {
  const expected = nextEffect(state).type;
  const accepted = EXPECTED_RESULT[expected];
  if (result.type !== accepted) {
    throw new BorderlineError({
      code: 'run-state',
      message: `applyResult: the run is waiting for "${expected}" (phase ${state.phase}), got a "${result.type}" result`,
    });
  }
  switch (result.type) {
    case 'scored':
      return {
        state: { ...state, phase: 'select', poolPositives: result.positives },
        events: [
          {
            type: 'scored',
            iteration: state.iteration,
            positives: result.positives,
            poolSize: state.poolSize,
          },
        ],
      };
    case 'selected':
      return applySelection(state, result);
    case 'annotated':
      return applyAnnotations(state, result.annotations);
    case 'adapted': {
      const modelVersion = state.modelVersion + 1;
      const examples = state.fineTune.length;
      return {
        state: { ...state, modelVersion, trainedExamples: examples, phase: 'evaluate' },
        events: [{ type: 'adapted', iteration: state.iteration, modelVersion, examples }],
      };
    }
    case 'evaluated':
      return state.phase === 'evaluate-base'
        ? applyBaseEvaluation(state, result.scores)
        : decide(state, result.scores);
    default:
      throw new BorderlineError({ code: 'internal', message: 'applyResult: unknown result' });
  }
}

const EXPECTED_RESULT: Record<string, CurationResult['type'] | 'none'> = {
  score: 'scored',
  select: 'selected',
  annotate: 'annotated',
  adapt: 'adapted',
  evaluate: 'evaluated',
  done: 'none',
};

function applySelection(
  state: CurationState,
  result: Extract<CurationResult, { type: 'selected' }>,
): Transition {
  const effect = nextEffect(state);
  const budget = effect.type === 'select' ? effect.budget : 0;
  const items = Array.from(result.items);
  checkSelection(state, items, budget);
  const iteration = state.iteration;
  const events: CurationEvent[] = [
    {
      type: 'selected',
      iteration,
      policy: result.policy,
      items: items.length,
      warnings: result.warnings,
      ...(result.fallback === undefined ? {} : { fallback: result.fallback }),
      ...(result.chosenBy === undefined ? {} : { chosenBy: result.chosenBy }),
    },
  ];
  if (items.length === 0) {
    const decision: StopDecision = {
      stop: true,
      reason: 'pool-exhausted',
      iteration,
      detail: `the policy found no item to send (budget ${budget}): ${result.warnings.join('; ') || 'no reason given'}`,
    };
    events.push({ type: 'stopped', decision });
    return { state: { ...state, phase: 'done', stop: decision }, events };
  }
  const batch = { iteration, policy: result.policy, items, warnings: result.warnings };
  return { state: { ...state, batches: [...state.batches, batch], phase: 'annotate' }, events };
}

function checkSelection(state: CurationState, items: readonly number[], budget: number): void {
  const fail = (message: string) => {
    throw new BorderlineError({ code: 'invalid-argument', message: `applyResult (selected): ${message}` });
  };
  if (items.length > budget) fail(`${items.length} items exceed the iteration's budget of ${budget}`);
  const reviewed = reviewedMask(state);
  const seen = new Set<number>();
  for (const item of items) {
    if (!Number.isInteger(item) || item < 0 || item >= state.poolSize)
      fail(`item ${item} is outside the pool`);
    if (reviewed[item] === 1) fail(`item ${item} was already reviewed`);
    if (seen.has(item)) fail(`item ${item} was selected twice`);
    seen.add(item);
  }
}

function applyBaseEvaluation(state: CurationState, scores: ArrayLike<number>): Transition {
  const record = buildIterationRecord(state, 0, scores);
  const { phase, events: warnings } = adaptPhase(state);
  const events: CurationEvent[] = [{ type: 'evaluated', record }, ...warnings];
  return { state: { ...state, history: [...state.history, record], phase }, events };
}

function decide(state: CurationState, scores: ArrayLike<number>): Transition {
  const record = buildIterationRecord(state, state.iteration, scores);
  const history = [...state.history, record];
  const decision = decideStop(history, state.config.stop);
  const events: CurationEvent[] = [{ type: 'evaluated', record }];
  if (decision.stop) {
    events.push({ type: 'stopped', decision });
    return { state: { ...state, history, phase: 'done', stop: decision }, events };
  }
  const iteration = state.iteration + 1;
  events.push({ type: 'iteration-started', iteration, modelVersion: state.modelVersion });
  return { state: { ...state, history, iteration, phase: 'score' }, events };
}
