import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BorderlineError, type ErrorCode } from '@borderline/core';
import type { AdsTask } from '@borderline/simulation';
import type { ResolvedOptions } from './options';
import { replayPaperTask, type TaskOutcome } from './paper-scenario';
import type { Progress } from './progress';
import type { Stopwatch } from './stopwatch';
import type { TaskMessage, TaskRequest } from './task-worker';

const TASKS: readonly AdsTask[] = ['lower', 'higher'];

/**
 * The paper scenario's two tasks, in order. They share nothing, so when the built worker is present (the
 * bundled app, `pnpm replay`) each runs on its own thread; from source (tests) they run one after the other.
 * Both ways compute the same outcomes: each task is a pure function of (task, seed, pool size, policies).
 */
export async function replayPaperTasks(
  options: ResolvedOptions,
  stopwatch: Stopwatch,
  progress: Progress,
): Promise<TaskOutcome[]> {
  const worker = new URL('./task-worker.js', import.meta.url);
  if (!options.parallel || worker.protocol !== 'file:' || !existsSync(fileURLToPath(worker))) {
    const outcomes: TaskOutcome[] = [];
    for (const task of TASKS) outcomes.push(await replayPaperTask(task, options, stopwatch, progress));
    return outcomes;
  }
  const done = await Promise.all(TASKS.map((task) => inWorker(worker, task, options, progress)));
  // Stage timings in task order, whichever thread finished first.
  for (const { stages } of done) {
    for (const [stage, seconds] of Object.entries(stages)) stopwatch.add(stage, seconds * 1000);
  }
  return done.map(({ outcome }) => outcome);
}

function inWorker(
  url: URL,
  task: AdsTask,
  options: ResolvedOptions,
  progress: Progress,
): Promise<{ outcome: TaskOutcome; stages: Record<string, number> }> {
  const request: TaskRequest = {
    task,
    seed: options.seed,
    poolSize: options.poolSize,
    policies: options.policies,
    quiet: options.quiet,
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(url);
    const abort = () => void worker.terminate();
    options.signal?.addEventListener('abort', abort, { once: true });
    const finish = () => options.signal?.removeEventListener('abort', abort);
    worker.on('message', (message: TaskMessage) => {
      if (message.type === 'progress') return progress(message.line);
      finish();
      void worker.terminate();
      if (message.type === 'failed') {
        const code = (message.code ?? 'internal') as ErrorCode;
        return reject(new BorderlineError({ code, message: message.message }));
      }
      resolve({ outcome: message.outcome, stages: message.stages });
    });
    worker.on('error', (error) => {
      finish();
      reject(error);
    });
    worker.on('exit', (code) => {
      finish();
      if (options.signal?.aborted)
        reject(new BorderlineError({ code: 'aborted', message: 'replay: aborted' }));
      else
        reject(
          new BorderlineError({ code: 'internal', message: `replay: the ${task} worker exited (${code})` }),
        );
    });
    worker.postMessage(request);
  });
}
