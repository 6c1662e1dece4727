import { invalidArgument } from '@borderline/core';
import { validateConfig } from './config';
import { decideStop } from './decide-stop';
import type { CurationEvent, CurationState, StopRule, Transition } from './types';

/** What `extendRun` may change: the stopping rule's caps. */
export interface RunExtension {
  /** The new iteration cap. */
  readonly maxIterations?: number;
  /** The new total of items that may be sent to the experts. */
  readonly budget?: number;
}

/** Stops that a larger cap can lift; alignment, plateau and an exhausted pool are facts of the run, not caps. */
const CAP_REASONS: ReadonlySet<string> = new Set(['max-iterations', 'budget']);

/**
 * The one transition that changes a run's configuration after it started: new caps for its stopping rule. A run
 * still under way keeps going under the new rule. A run that stopped at a cap (iteration cap or budget) is decided
 * again under the new rule: if it would go on, it reopens at the next iteration (`score`, with the model it
 * ended with); otherwise it stays stopped with the new decision. A run stopped for another reason (alignment
 * reached, plateau, pool exhausted) stays stopped; only its rule changes. Pure, like `applyResult`.
 */
export function extendRun(state: CurationState, extension: RunExtension): Transition {
  const stop: StopRule = {
    ...state.config.stop,
    ...(extension.maxIterations === undefined ? {} : { maxIterations: extension.maxIterations }),
    ...(extension.budget === undefined ? {} : { budget: extension.budget }),
  };
  const config = { ...state.config, stop };
  validateConfig(config);
  const configured = { ...state, config };
  const iteration = state.iteration;
  const event = (reopened: boolean): CurationEvent => ({ type: 'reconfigured', iteration, stop, reopened });
  if (state.phase !== 'done' || state.stop === null) return { state: configured, events: [event(false)] };
  if (state.stop.reason === null || !CAP_REASONS.has(state.stop.reason) || state.history.length === 0) {
    return { state: configured, events: [event(false)] };
  }
  const decision = decideStop(state.history, stop);
  if (decision.stop) {
    return {
      state: { ...configured, stop: decision },
      events: [event(false), { type: 'stopped', decision }],
    };
  }
  if (state.iteration !== state.stop.iteration) {
    throw invalidArgument(
      'extendRun',
      `the run stopped at iteration ${state.stop.iteration} but is at ${iteration}`,
    );
  }
  const next = iteration + 1;
  return {
    state: { ...configured, phase: 'score', iteration: next, stop: null },
    events: [event(true), { type: 'iteration-started', iteration: next, modelVersion: state.modelVersion }],
  };
}
