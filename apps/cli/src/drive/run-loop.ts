import { BorderlineError } from '@borderline/core';
import { nextEffect } from '@borderline/loop';
import type { Annotator } from '@borderline/runners';
import type { Output } from '../render/output';
import type { RunModels } from '../session/models';
import type { RunSession } from '../session/run-session';
import { annotateIntoLedger } from './ledger-annotations';
import { prelabel } from './prelabel';
import { select } from './select';
import { step } from './step';

/** Options of an unattended run. */
export interface RunLoopOptions {
  readonly chunkSize: number;
  readonly signal?: AbortSignal;
  /**
   * Called for each batch before its experts are asked, also when a resumed run finds the batch pending (the
   * CLI writes the review files; the call must be idempotent).
   */
  readonly onBatch?: (iteration: number) => Promise<void>;
}

/**
 * The whole loop, unattended: prelabel, then select -> experts label (into the ledger first) -> step, until
 * the stopping rule says stop. Each stage commits as the interactive command would, so a killed run resumes
 * where it was with the same command.
 */
export async function runLoop(
  session: RunSession,
  models: RunModels,
  annotator: Annotator,
  output: Output,
  options: RunLoopOptions,
): Promise<void> {
  const signal = options.signal ? { signal: options.signal } : {};
  for (;;) {
    const state = session.state();
    const effect = nextEffect(state);
    switch (effect.type) {
      case 'done':
        return;
      case 'score':
        if (effect.modelVersion !== 0) {
          throw new BorderlineError({
            code: 'internal',
            message: 'run: a later model was not scored by its step',
          });
        }
        await prelabel(session, models, output, { chunkSize: options.chunkSize, ...signal });
        break;
      case 'select':
        await select(session, models, output);
        break;
      case 'annotate': {
        await options.onBatch?.(effect.iteration);
        const result = await annotateIntoLedger(session, annotator, effect.items, options.signal);
        if (result.added > 0) output.note(`  ${annotator.id}: ${result.added} label(s) into the ledger`);
        await step(session, models, output, { allowMissing: true, chunkSize: options.chunkSize, ...signal });
        break;
      }
      case 'evaluate':
      case 'adapt':
        throw new BorderlineError({
          code: 'internal',
          message: `run: the loop stopped mid-step (${effect.type})`,
        });
      default: {
        const unreachable: never = effect;
        throw new BorderlineError({
          code: 'internal',
          message: `run: unknown effect ${JSON.stringify(unreachable)}`,
        });
      }
    }
  }
}
