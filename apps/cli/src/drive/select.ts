import { nextEffect } from '@borderline/loop';
import type { SelectionEntry } from '@borderline/run-store';
import type { Output } from '../render/output';
import type { RunModels } from '../session/models';
import type { RunSession } from '../session/run-session';
import { type DriveOptions, executeRun } from './execute-run';
import { notNow } from './transitions';

/** The batch `select` produced (or found pending). */
export interface SelectSummary {
  readonly iteration: number;
  readonly entries: readonly SelectionEntry[];
  /** True when the batch had been selected before (select is idempotent until its labels are imported). */
  readonly alreadySelected: boolean;
  /** True when the policy found nothing to send and the run stopped. */
  readonly exhausted: boolean;
}

/** Runs the configured sampling policy through the executor; the batch, its reasons and the state land together. */
export async function select(
  session: RunSession,
  models: RunModels,
  output: Output,
  options: DriveOptions,
): Promise<SelectSummary> {
  const state = session.state();
  const effect = nextEffect(state);
  if (effect.type === 'annotate') {
    const entries = await session.store.readSelection(state.iteration);
    return { iteration: state.iteration, entries, alreadySelected: true, exhausted: false };
  }
  // A later model's pool scores (a run extended after its stop) are made here, just before they are needed.
  const scoring = effect.type === 'score' && effect.modelVersion > 0;
  if (effect.type !== 'select' && !scoring) throw notNow(session, 'select');
  const outcome = await executeRun(session, models, output, {
    chunkSize: options.chunkSize,
    ...(options.executor === undefined ? {} : { executor: options.executor }),
    until: (next) => next.type !== 'select' && !(next.type === 'score' && next.modelVersion > 0),
  });
  const entries = await session.store.readSelection(effect.iteration);
  const exhausted = outcome.state.phase === 'done' && entries.length === 0;
  return { iteration: effect.iteration, entries, alreadySelected: false, exhausted };
}
