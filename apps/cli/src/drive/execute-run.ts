import {
  type CurationEffect,
  createShardedPolicy,
  type ExecuteCurationOptions,
  type ExecutionEvent,
  type ExecutionOutcome,
  executeCuration,
} from '@borderline/loop';
import { runCurationStore } from '@borderline/run-store';
import type { Annotator } from '@borderline/runners';
import { createPolicy, type PolicyOptions } from '@borderline/sampling';
import type { ShardExecutor } from '@borderline/shards';
import type { Output } from '../render/output';
import type { Progress } from '../render/progress';
import type { RunModels } from '../session/models';
import { embedderOf } from '../session/run-config';
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
  /** Where a sharded run's passes run (required for a sharded run; see `withRunExecutor`). */
  readonly executor?: ShardExecutor;
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
    ...(options.executor === undefined
      ? {}
      : { shards: { executor: options.executor, embedder: embedderOf(session.config) } }),
  });
  const { fallback } = session.config;
  const policyOptions: PolicyOptions = fallback === undefined || fallback === 'none' ? {} : { fallback };
  const policy = createPolicy(session.config.policy, policyOptions);
  const outcome = await executeCuration(session.state(), {
    store,
    models: { starting: models.starting, trainer: models.trainer, embedder: models.embedder },
    policy,
    ...(session.sharded ? { shardedPolicy: createShardedPolicy(session.config.policy, policyOptions) } : {}),
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

/** A bar on the terminal and the last count it showed (counts only move forward). */
interface OpenBar {
  readonly key: string;
  readonly progress: Progress;
  readonly total: number;
  readonly training: boolean;
  /** The final fit on every example after early stopping (it runs the best epoch count, not the maximum). */
  readonly finalFit?: boolean;
  last: number;
}

/** Renders the executor's events: the loop's as lines, chunked work and training as progress bars. */
function eventReporter(output: Output): (event: ExecutionEvent) => void {
  let bar: OpenBar | undefined;
  let trainingRuns = 0;
  const close = () => {
    if (bar === undefined) return;
    bar.progress.finish();
    if (bar.finalFit === true) {
      output.note(
        `  final fit on every example: ${bar.last} epochs, the best count on the held-out examples`,
      );
    } else if (bar.training && bar.last < bar.total) {
      output.note(
        `  training stopped early at epoch ${bar.last} of at most ${bar.total}: the held-out examples stopped improving`,
      );
    }
    bar = undefined;
  };
  const open = (
    key: string,
    label: string,
    total: number,
    start: number,
    training: boolean,
    finalFit = false,
  ) => {
    close();
    bar = { key, progress: output.progress(label, total, start), total, training, finalFit, last: start };
  };
  return (event) => {
    switch (event.type) {
      case 'progress': {
        const label =
          event.task === 'embedding' ? 'embedding' : event.modelVersion === 0 ? 'prelabel' : 'scoring';
        const key = `${label}:${event.modelVersion ?? ''}`;
        if (bar?.key !== key) open(key, label, event.total, event.done, false);
        else if (event.done > bar.last) {
          bar.last = event.done;
          bar.progress.update(event.done);
        }
        if (event.done >= event.total) close();
        return;
      }
      case 'training': {
        const { progress } = event;
        if (progress.type !== 'epoch') {
          output.note(`  fine-tuning job ${progress.jobId}: ${progress.status}`);
          return;
        }
        // A count that starts again is a new training run (the final fit on every example after early stopping).
        const restarted = bar?.training === true && progress.epoch <= bar.last;
        if (
          bar?.training !== true ||
          restarted ||
          bar.key !== `training:${event.iteration}:${trainingRuns}`
        ) {
          if (restarted || bar?.training !== true) trainingRuns++;
          const label = restarted ? 'training (final fit on every example)' : 'training';
          open(`training:${event.iteration}:${trainingRuns}`, label, progress.epochs, 0, true, restarted);
        }
        if (bar !== undefined && progress.epoch > bar.last) {
          bar.last = progress.epoch;
          bar.progress.update(progress.epoch);
        }
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
