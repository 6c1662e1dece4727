import { BorderlineError, invalidArgument } from '@borderline/core';
import { validateConfig } from './config';
import { expertVerdicts } from './panel';
import type { CurationConfig, CurationState, IndexedExample, Transition } from './types';

/** A fresh run over a pool of `poolSize` items: iteration 1 begins by scoring the pool with the starting model. */
export function startCuration(config: CurationConfig, poolSize: number): Transition {
  validateConfig(config);
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw invalidArgument('startCuration', `poolSize must be a positive integer, got ${poolSize}`);
  }
  const state: CurationState = {
    format: 'borderline.curation-state',
    version: 1,
    config,
    poolSize,
    phase: 'score',
    iteration: 1,
    modelVersion: 0,
    trainedExamples: 0,
    annotators: [],
    batches: [],
    panels: [],
    unavailable: [],
    fineTune: [],
    evaluation: [],
    history: [],
    poolPositives: null,
    stop: null,
  };
  return { state, events: [{ type: 'iteration-started', iteration: 1, modelVersion: 0 }] };
}

/** Every pool index ever sent to the experts, in the order sent. */
export function reviewedItems(state: CurationState): number[] {
  return state.batches.flatMap((batch) => batch.items);
}

/** 1 for each pool index already sent to the experts (the `reviewed` input of a sampling policy). */
export function reviewedMask(state: CurationState): Uint8Array {
  const mask = new Uint8Array(state.poolSize);
  for (const batch of state.batches) for (const item of batch.items) mask[item] = 1;
  return mask;
}

/** The cumulative evaluation set with its expert majority labels. */
export function evaluationSet(state: CurationState): { items: readonly number[]; labels: Uint8Array } {
  const verdicts = expertVerdicts(state);
  const labels = Uint8Array.from(state.evaluation, (item) => verdicts.get(item)?.label ?? 0);
  return { items: state.evaluation, labels };
}

/** The cumulative fine-tune set as examples: expert majority label, weighted per the configuration. */
export function fineTuneExamples(state: CurationState): IndexedExample[] {
  const verdicts = expertVerdicts(state);
  return state.fineTune.map((item) => {
    const verdict = verdicts.get(item);
    if (verdict === undefined || verdict.label === null) {
      throw new BorderlineError({
        code: 'internal',
        message: `loop: fine-tune item ${item} has no expert label`,
      });
    }
    const weight = state.config.weighting === 'agreement' ? verdict.agreement : 1;
    return { item, label: verdict.label, weight };
  });
}

/** The state as JSON text (it is plain data already; this names the intent). */
export function serializeCurationState(state: CurationState): string {
  return JSON.stringify(state);
}

/** Reads a state written by `serializeCurationState`, checking its format, version and configuration. */
export function parseCurationState(text: string): CurationState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new BorderlineError({ code: 'invalid-data', message: 'curation state: not JSON', cause });
  }
  const state = value as Partial<CurationState> | null;
  if (state?.format !== 'borderline.curation-state' || state.version !== 1 || state.config === undefined) {
    throw new BorderlineError({
      code: 'invalid-data',
      message: 'curation state: expected format "borderline.curation-state" version 1',
    });
  }
  validateConfig(state.config);
  return state as CurationState;
}
