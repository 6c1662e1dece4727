import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BorderlineError, type ErrorCode } from '@borderline/core';
import type { AdsTask } from '@borderline/simulation';
import { replayDataset } from './dataset-scenario';
import type { ResolvedOptions } from './options';
import { replayPaperTask, type TaskOutcome } from './paper-scenario';
import type { Progress } from './progress';
import { createStopwatch, type Stopwatch } from './stopwatch';

/** The paper scenario's tasks, in report order. */
export const PAPER_TASKS: readonly AdsTask[] = ['lower', 'higher'];

/** One unit of a replay: a seed and, in the paper scenario, one of its tasks (a dataset replay is one job). */
export interface ReplayJob {
  readonly seed: number;
  readonly task?: AdsTask;
}

/** The jobs of a replay, seed by seed, tasks in order within a seed. */
export function replayJobs(options: ResolvedOptions): ReplayJob[] {
  return options.seeds.flatMap((seed) =>
    options.scenario === 'paper' ? PAPER_TASKS.map((task) => ({ seed, task })) : [{ seed }],
  );
}

/** The options of one job as a worker needs them: the resolved ones without the output and the signal. */
export type JobOptions = Omit<ResolvedOptions, 'stdout' | 'signal'>;

/** Runs one job in this thread: each is a pure function of (job, options), so any thread gives the same outcome. */
export function runJob(
  job: ReplayJob,
  options: ResolvedOptions,
  stopwatch: Stopwatch,
  progress: Progress,
): Promise<TaskOutcome> {
  const seeded: ResolvedOptions = { ...options, seed: job.seed, seeds: [job.seed] };
  return job.task === undefined
    ? replayDataset(seeded, stopwatch, progress)
    : replayPaperTask(job.task, seeded, stopwatch, progress);
}

/** The options a worker thread gets: the resolved ones without the output (a function) and the signal. */
function jobOptionsOf({ stdout: _stdout, signal: _signal, ...options }: ResolvedOptions): JobOptions {
  return options;
}

/** Where a job's progress lines and stage timings go: prefixed by its seed when there are several seeds. */
interface JobSinks {
  readonly progressOf: (job: ReplayJob) => Progress;
  readonly addStages: (job: ReplayJob, stages: Record<string, number>) => void;
}

/** Builds the sinks over the replay's stopwatch and progress. */
function jobSinks(options: ResolvedOptions, stopwatch: Stopwatch, progress: Progress): JobSinks {
  const several = options.seeds.length > 1;
  const stagePrefix = (job: ReplayJob) => (several ? `seed ${job.seed}/` : '');
  return {
    progressOf: (job) => (several ? (line) => progress(`[seed ${job.seed}] ${line}`) : progress),
    addStages: (job, stages) => {
      for (const [stage, seconds] of Object.entries(stages))
        stopwatch.add(`${stagePrefix(job)}${stage}`, seconds * 1000);
    },
  };
}

/** Runs the jobs one after the other in this thread. */
async function runInThread(
  jobs: readonly ReplayJob[],
  options: ResolvedOptions,
  sinks: JobSinks,
): Promise<TaskOutcome[]> {
  const outcomes: TaskOutcome[] = [];
  for (const job of jobs) {
    const own = createStopwatch();
    outcomes.push(await runJob(job, options, own, sinks.progressOf(job)));
    sinks.addStages(job, own.read().stages);
  }
  return outcomes;
}

/** Runs the jobs on up to `options.workers` worker threads, each taking the next job; outcomes in job order. */
async function runOnWorkers(
  worker: URL,
  jobs: readonly ReplayJob[],
  options: ResolvedOptions,
  sinks: JobSinks,
): Promise<TaskOutcome[]> {
  const threads = Math.min(options.workers, jobs.length);
  const results: { outcome: TaskOutcome; stages: Record<string, number> }[] = new Array(jobs.length);
  let next = 0;
  const jobOptions = jobOptionsOf(options);
  const lane = async () => {
    const thread = startWorker(worker, options.signal);
    try {
      while (next < jobs.length) {
        const index = next++;
        const job = jobs[index]!;
        results[index] = await thread.run({ job, options: jobOptions }, sinks.progressOf(job));
      }
    } finally {
      thread.close();
    }
  };
  await Promise.all(Array.from({ length: threads }, lane));
  for (const [index, { stages }] of results.entries()) sinks.addStages(jobs[index]!, stages);
  return results.map(({ outcome }) => outcome);
}

/**
 * Runs every job, each on the next free worker thread (at most `options.workers`) when the built worker is
 * present (the bundled app, `pnpm replay`), else one after the other in this thread (tests from source, or
 * `--no-parallel`). Outcomes come back in job order whichever thread finished first, so the report's bytes do not
 * depend on the worker count. Stage timings are added to `stopwatch`, prefixed `seed N/` when there are several
 * seeds; progress lines are prefixed `[seed N]` then.
 */
export async function runJobs(
  jobs: readonly ReplayJob[],
  options: ResolvedOptions,
  stopwatch: Stopwatch,
  progress: Progress,
): Promise<TaskOutcome[]> {
  const sinks = jobSinks(options, stopwatch, progress);
  const worker = new URL('./task-worker.js', import.meta.url);
  if (!options.parallel || worker.protocol !== 'file:' || !existsSync(fileURLToPath(worker))) {
    return runInThread(jobs, options, sinks);
  }
  return runOnWorkers(worker, jobs, options, sinks);
}

interface JobThread {
  run(
    request: JobRequest,
    progress: Progress,
  ): Promise<{ outcome: TaskOutcome; stages: Record<string, number> }>;
  close(): void;
}

/** One worker thread taking jobs one at a time until closed. */
function startWorker(url: URL, signal: AbortSignal | undefined): JobThread {
  const worker = new Worker(url);
  let pending:
    | {
        resolve: (value: { outcome: TaskOutcome; stages: Record<string, number> }) => void;
        reject: (error: unknown) => void;
        progress: Progress;
      }
    | undefined;
  let closed = false;
  const fail = (error: unknown) => {
    const current = pending;
    pending = undefined;
    current?.reject(error);
  };
  const abort = () => void worker.terminate();
  signal?.addEventListener('abort', abort, { once: true });
  worker.on('message', (message: JobMessage) => {
    if (pending === undefined) return;
    if (message.type === 'progress') return pending.progress(message.line);
    const current = pending;
    pending = undefined;
    if (message.type === 'failed') {
      const code = (message.code ?? 'internal') as ErrorCode;
      return current.reject(new BorderlineError({ code, message: message.message }));
    }
    current.resolve({ outcome: message.outcome, stages: message.stages });
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    signal?.removeEventListener('abort', abort);
    if (closed && !signal?.aborted) return;
    fail(
      signal?.aborted
        ? new BorderlineError({ code: 'aborted', message: 'replay: aborted' })
        : new BorderlineError({ code: 'internal', message: `replay: a worker thread exited (${code})` }),
    );
  });
  return {
    run: (request, progress) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject, progress };
        worker.postMessage(request);
      }),
    close: () => {
      closed = true;
      void worker.terminate();
    },
  };
}

/** What the main thread sends: one job (a seed, and a paper task) and the options that shape it. */
export interface JobRequest {
  readonly job: ReplayJob;
  readonly options: JobOptions;
}

/** What the worker sends back per job: progress lines, then the outcome and its stage timings (or the failure). */
export type JobMessage =
  | { readonly type: 'progress'; readonly line: string }
  | { readonly type: 'done'; readonly outcome: TaskOutcome; readonly stages: Record<string, number> }
  | { readonly type: 'failed'; readonly message: string; readonly code?: string };
