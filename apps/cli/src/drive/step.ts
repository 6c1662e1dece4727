import { BorderlineError } from '@borderline/core';
import { nextEffect } from '@borderline/loop';
import type { Output } from '../render/output';
import type { RunModels } from '../session/models';
import type { RunSession } from '../session/run-session';
import { type DriveOptions, executeRun } from './execute-run';
import { notNow } from './transitions';

/** What a step did. */
export interface StepSummary {
  readonly iteration: number;
  readonly modelVersion: number;
  readonly stopped: boolean;
}

/**
 * Takes the pending batch's expert labels from the ledger and runs the executor until the run needs its next
 * selection (or stops): split, evaluate, adapt, evaluate, decide, score the pool with the new model. Everything
 * it writes (model version, predictions, iteration records, loop state) is one transaction: a killed step leaves
 * the run as it was, and running it again gives the same result (every random choice is seeded).
 */
export async function step(
  session: RunSession,
  models: RunModels,
  output: Output,
  options: DriveOptions & { readonly allowMissing: boolean; readonly signal?: AbortSignal },
): Promise<StepSummary> {
  const effect = nextEffect(session.state());
  if (effect.type !== 'annotate') throw notNow(session, 'step');
  const outcome = await session.store.transaction(() =>
    executeRun(session, models, output, { ...options, until: (next) => next.type === 'select' }),
  );
  if (outcome.status === 'needs-labels') {
    const missing = (await session.itemsAt(outcome.missing.slice(0, 20))).map((item) => item.id);
    const count = outcome.missing.length;
    throw new BorderlineError({
      code: 'run-state',
      message: `step: ${count} item(s) of iteration ${outcome.iteration} have no expert label yet: ${missing.join(', ')}${count > 20 ? ', ...' : ''}; import them (borderline import ${session.name} <labels-file>), or run borderline step ${session.name} --allow-missing to record them as unavailable`,
    });
  }
  const after = outcome.state;
  return { iteration: effect.iteration, modelVersion: after.modelVersion, stopped: after.phase === 'done' };
}
