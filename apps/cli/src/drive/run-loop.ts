import type { Annotator } from '@borderline/runners';
import type { Output } from '../render/output';
import type { RunModels } from '../session/models';
import type { RunSession } from '../session/run-session';
import { type DriveOptions, executeRun } from './execute-run';

/** Options of an unattended run. */
export interface RunLoopOptions extends DriveOptions {
  readonly signal?: AbortSignal;
  /**
   * Called for each batch before its experts are asked, also when a resumed run finds the batch pending (the
   * CLI writes the review files; the call must be idempotent).
   */
  readonly onBatch?: (iteration: number) => Promise<void>;
}

/**
 * The whole loop, unattended: the executor with the run's annotator (recorded or simulated experts), whose
 * labels go into the ledger before anything else happens to them. Each effect commits on its own, so a killed
 * run resumes where it was with the same command.
 */
export async function runLoop(
  session: RunSession,
  models: RunModels,
  annotator: Annotator,
  output: Output,
  options: RunLoopOptions,
): Promise<void> {
  await executeRun(session, models, output, {
    chunkSize: options.chunkSize,
    annotator,
    ...(options.executor === undefined ? {} : { executor: options.executor }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onBatch === undefined
      ? {}
      : { beforeAnnotate: (effect) => options.onBatch!(effect.iteration) }),
  });
}
