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
import { embedderOf, type RunConfig, selectionOf } from '../session/run-config';
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
  /** Where a sharded run's passes run (required for a sharded run; see `withDriveOptions`). */
  readonly executor?: ShardExecutor;
}

/** What every driver that scores, selects or adapts takes: the commit chunk and, for a sharded run, the executor. */
export type DriveOptions = Pick<ExecuteRunOptions, 'chunkSize' | 'executor'>;

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
  const policyOptions = policyOptionsOf(session.config, session.state().config.threshold);
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

/**
 * The run's policy options: its fallback, and boundary pairs' first batch and pair scoring (see `selectionOf`).
 * The doubt factor measures confidence from the loop's threshold, as the loop's sides do. The streaming selection
 * of a sharded pool takes the same options (`createShardedPolicy` passes them through).
 */
export function policyOptionsOf(config: RunConfig, threshold: number): PolicyOptions {
  const { fallback } = config;
  const { firstBatch, pairScoring } = selectionOf(config);
  return {
    ...(fallback === undefined || fallback === 'none' ? {} : { fallback }),
    ...(firstBatch === undefined ? {} : { firstBatch }),
    ...(pairScoring === undefined ? {} : { pairScoring }),
    ...(pairScoring === 'doubt' ? { doubtThreshold: threshold } : {}),
  };
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

/** The reporter's bar, if one is open, and how many training runs it has shown (it numbers their bars). */
interface Bars {
  bar: OpenBar | undefined;
  trainingRuns: number;
}

/** Finishes the open bar; a training bar says why it ended before its maximum, a final fit what it ran. */
function closeBar(output: Output, bars: Bars): void {
  const { bar } = bars;
  if (bar === undefined) return;
  bar.progress.finish();
  if (bar.finalFit === true) {
    output.note(`  final fit on every example: ${bar.last} epochs, the best count on the held-out examples`);
  } else if (bar.training && bar.last < bar.total) {
    output.note(
      `  training stopped early at epoch ${bar.last} of at most ${bar.total}: the held-out examples stopped improving`,
    );
  }
  bars.bar = undefined;
}

/** Closes the open bar and opens a new one. */
function openBar(
  output: Output,
  bars: Bars,
  shape: { key: string; label: string; total: number; start: number; training: boolean; finalFit?: boolean },
): void {
  closeBar(output, bars);
  const { key, label, total, start, training, finalFit = false } = shape;
  bars.bar = { key, progress: output.progress(label, total, start), total, training, finalFit, last: start };
}

/** Moves the open bar forward to `count` (never back). */
function advanceBar(bars: Bars, count: number): void {
  if (bars.bar === undefined || count <= bars.bar.last) return;
  bars.bar.last = count;
  bars.bar.progress.update(count);
}

/** Chunked work (embedding, prelabel, scoring) as one bar per task and model version. */
function showProgress(
  output: Output,
  bars: Bars,
  event: Extract<ExecutionEvent, { type: 'progress' }>,
): void {
  const label = event.task === 'embedding' ? 'embedding' : event.modelVersion === 0 ? 'prelabel' : 'scoring';
  const key = `${label}:${event.modelVersion ?? ''}`;
  if (bars.bar?.key !== key)
    openBar(output, bars, { key, label, total: event.total, start: event.done, training: false });
  else advanceBar(bars, event.done);
  if (event.done >= event.total) closeBar(output, bars);
}

/** Training as a bar of epochs per training run; a hosted fine-tuning job's status as a line. */
function showTraining(
  output: Output,
  bars: Bars,
  event: Extract<ExecutionEvent, { type: 'training' }>,
): void {
  const { progress } = event;
  if (progress.type !== 'epoch') {
    output.note(`  fine-tuning job ${progress.jobId}: ${progress.status}`);
    return;
  }
  const { bar } = bars;
  // A count that starts again is a new training run (the final fit on every example after early stopping).
  const restarted = bar?.training === true && progress.epoch <= bar.last;
  if (bar?.training !== true || restarted || bar.key !== `training:${event.iteration}:${bars.trainingRuns}`) {
    if (restarted || bar?.training !== true) bars.trainingRuns++;
    openBar(output, bars, {
      key: `training:${event.iteration}:${bars.trainingRuns}`,
      label: restarted ? 'training (final fit on every example)' : 'training',
      total: progress.epochs,
      start: 0,
      training: true,
      finalFit: restarted,
    });
  }
  advanceBar(bars, progress.epoch);
}

/** Renders the executor's events: the loop's as lines, chunked work and training as progress bars. */
function eventReporter(output: Output): (event: ExecutionEvent) => void {
  const bars: Bars = { bar: undefined, trainingRuns: 0 };
  return (event) => {
    switch (event.type) {
      case 'progress':
        showProgress(output, bars, event);
        return;
      case 'training':
        showTraining(output, bars, event);
        return;
      case 'answers-recorded':
        if (event.added > 0) output.note(`  ${event.source}: ${event.added} label(s) into the ledger`);
        return;
      default:
        closeBar(output, bars);
        report([event], output);
    }
  };
}
