import {
  type CurationEffect,
  type ExecuteCurationOptions,
  type ExecutionEvent,
  type ExecutionOutcome,
  executeCuration,
} from '@borderline/loop';
import { runCurationStore } from '@borderline/run-store';
import type { Annotator } from '@borderline/runners';
import { createPolicy } from '@borderline/sampling';
import type { Output } from '../render/output';
import type { Progress } from '../render/progress';
import type { RunModels } from '../session/models';
import type { RunSession } from '../session/run-session';
import { report } from './transitions';

/** What a command asks of the executor. */
export interface ExecuteRunOptions {
  readonly chunkSize: number;
  readonly annotator?: Annotator;
  readonly allowMissing?: boolean;
  readonly until?: ExecuteCurationOptions['until'];
  readonly beforeAnnotate?: (effect: Extract<CurationEffect, { type: 'annotate' }>) => Promise<void>;
  readonly signal?: AbortSignal;
}

/**
 * The loop's executor over the run's DuckDB store, with the run's models and policy; the session's state follows
 * what it committed. Events are reported on the terminal: progress bars for embedding, scoring and training.
 */
export async function executeRun(
  session: RunSession,
  models: RunModels,
  output: Output,
  options: ExecuteRunOptions,
): Promise<ExecutionOutcome> {
  const store = await runCurationStore(session.store, {
    ...(models.loadModel === undefined ? {} : { loadModel: models.loadModel }),
  });
  const { fallback } = session.config;
  const policy = createPolicy(
    session.config.policy,
    fallback === undefined || fallback === 'none' ? {} : { fallback },
  );
  const outcome = await executeCuration(session.state(), {
    store,
    models: { starting: models.starting, trainer: models.trainer, embedder: models.embedder },
    policy,
    chunkSize: options.chunkSize,
    ...(options.annotator === undefined ? {} : { annotator: options.annotator }),
    ...(options.allowMissing === undefined ? {} : { allowMissing: options.allowMissing }),
    ...(options.until === undefined ? {} : { until: options.until }),
    ...(options.beforeAnnotate === undefined ? {} : { beforeAnnotate: options.beforeAnnotate }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onEvent: eventReporter(output),
  });
  session.setState(outcome.state);
  return outcome;
}

/** Renders the executor's events: the loop's as lines, chunked work and training as progress bars. */
function eventReporter(output: Output): (event: ExecutionEvent) => void {
  let bar: { key: string; progress: Progress } | undefined;
  const close = () => {
    bar?.progress.finish();
    bar = undefined;
  };
  return (event) => {
    switch (event.type) {
      case 'progress': {
        const label =
          event.task === 'embedding' ? 'embedding' : event.modelVersion === 0 ? 'prelabel' : 'scoring';
        const key = `${label}:${event.modelVersion ?? ''}`;
        if (bar?.key !== key) {
          close();
          bar = { key, progress: output.progress(label, event.total, event.done) };
        } else bar.progress.update(event.done);
        if (event.done >= event.total) close();
        return;
      }
      case 'training': {
        const { progress } = event;
        if (progress.type !== 'epoch') {
          output.note(`  fine-tuning job ${progress.jobId}: ${progress.status}`);
          return;
        }
        const key = `training:${event.iteration}`;
        if (bar?.key !== key) {
          close();
          bar = { key, progress: output.progress('training', progress.epochs) };
        }
        bar.progress.update(progress.epoch);
        return;
      }
      case 'answers-recorded':
        if (event.added > 0) output.note(`  ${event.source}: ${event.added} label(s) into the ledger`);
        return;
      default:
        close();
        report([event], output);
    }
  };
}
