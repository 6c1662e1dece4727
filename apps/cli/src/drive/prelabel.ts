import { nextEffect } from '@borderline/loop';
import type { Output } from '../render/output';
import type { RunModels } from '../session/models';
import type { RunSession } from '../session/run-session';
import { type DriveOptions, executeRun } from './execute-run';
import { notNow } from './transitions';

/** What prelabel did. */
export interface PrelabelSummary {
  readonly items: number;
  readonly positives: number;
  readonly alreadyDone: boolean;
}

/**
 * LLM-0 over the pool: the executor embeds the pool and scores it with the starting model, each chunk committed
 * as it is done (a killed prelabel resumes at the first missing chunk), then records the scoring in the loop state.
 */
export async function prelabel(
  session: RunSession,
  models: RunModels,
  output: Output,
  options: DriveOptions & { readonly signal?: AbortSignal },
): Promise<PrelabelSummary> {
  const state = session.state();
  const effect = nextEffect(state);
  if (effect.type !== 'score' || effect.modelVersion !== 0) {
    if (state.modelVersion > 0 || state.batches.length > 0 || state.poolPositives !== null) {
      return { items: state.poolSize, positives: state.poolPositives ?? 0, alreadyDone: true };
    }
    throw notNow(session, 'prelabel');
  }
  const outcome = await executeRun(session, models, output, {
    ...options,
    until: (next) => next.type !== 'score' || next.modelVersion !== 0,
  });
  return { items: state.poolSize, positives: outcome.state.poolPositives ?? 0, alreadyDone: false };
}
