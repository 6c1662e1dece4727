import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BorderlineError, invalidArgument, throwIfAborted } from '@borderline/core';
import { serialiseError } from './job-error';
import { runShardJob } from './run-shard-job';
import type { ExecutorHooks, JobFailure, ShardExecutor } from './shard-executor';
import type { ShardJob } from './shard-job';
import type { ChildMessage, ParentMessage } from './worker-protocol';

/** Options of {@link createLocalExecutor}. */
export interface LocalExecutorOptions {
  /**
   * Worker processes (default 2). `0` runs every job in this process, one after another: for tests and small
   * pools.
   */
  readonly processes?: number;
  /** Tries per job when its worker process dies under it (default 3). A job that throws fails at once. */
  readonly attempts?: number;
  /** The worker script (default: `worker-entry.js` beside this module in `dist`). */
  readonly workerEntry?: string;
  /** Node options of the worker processes (default: this process's). */
  readonly execArgv?: readonly string[];
}

interface Pending {
  readonly job: ShardJob;
  attempts: number;
}

/** Jobs run in this process, one at a time. */
function inProcess(): ShardExecutor {
  return {
    kind: 'local',
    run: async (jobs, hooks = {}) => {
      const failures: JobFailure[] = [];
      for (const job of jobs) {
        throwIfAborted(hooks.signal, 'local executor');
        try {
          const result = await runShardJob(job, hooks.signal === undefined ? {} : { signal: hooks.signal });
          hooks.onJobDone?.(job, result);
        } catch (error) {
          if (BorderlineError.is(error) && error.code === 'aborted') throw error;
          failures.push({ job, error: serialiseError(error), attempts: 1 });
        }
      }
      return failures;
    },
    close: async () => {},
  };
}

/**
 * Runs shard jobs in worker processes of this machine (`child_process.fork` of the package's worker entry), one
 * job per process at a time. A process that dies mid-job (killed, out of memory) is replaced and the job given
 * to another, up to `attempts`; a job that throws fails with its error. Processes start on the first `run` and
 * stay until `close`.
 */
export function createLocalExecutor(options: LocalExecutorOptions = {}): ShardExecutor {
  const processes = options.processes ?? 2;
  if (!Number.isInteger(processes) || processes < 0) {
    throw invalidArgument(
      'createLocalExecutor',
      `processes must be a non-negative integer, got ${processes}`,
    );
  }
  if (processes === 0) return inProcess();
  const attempts = options.attempts ?? 3;
  const entry = options.workerEntry ?? fileURLToPath(new URL('./worker-entry.js', import.meta.url));
  const children = new Set<ChildProcess>();
  const spawn = () => {
    const child = fork(entry, [], {
      execArgv: [...(options.execArgv ?? process.execArgv)],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };
  return {
    kind: `local-${processes}`,
    run: (jobs, hooks = {}) => runOnChildren(jobs, hooks, { processes, attempts, spawn }),
    close: async () => {
      await Promise.all(
        [...children].map(
          (child) =>
            new Promise<void>((resolve) => {
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

interface Pool {
  readonly processes: number;
  readonly attempts: number;
  readonly spawn: () => ChildProcess;
}

function runOnChildren(
  jobs: readonly ShardJob[],
  hooks: ExecutorHooks,
  pool: Pool,
): Promise<readonly JobFailure[]> {
  const queue: Pending[] = jobs.map((job) => ({ job, attempts: 0 }));
  const failures: JobFailure[] = [];
  let running = 0;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      if (error === undefined) resolve(failures);
      else reject(error);
    };
    const drive = (child: ChildProcess) => {
      const next = queue.shift();
      if (next === undefined) {
        if (running === 0) finish();
        return;
      }
      running++;
      next.attempts++;
      let stderr = '';
      const onData = (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-2000);
      };
      child.stderr?.on('data', onData);
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        child.off('message', onMessage);
        running--;
        const why = `worker process exited (${signal ?? `code ${code}`}) while running ${next.job.key}${stderr === '' ? '' : `: ${stderr.trim()}`}`;
        if (next.attempts < pool.attempts) queue.unshift(next);
        else
          failures.push({
            job: next.job,
            error: serialiseError(new BorderlineError({ code: 'internal', message: why })),
            attempts: next.attempts,
          });
        if (settled) return;
        if (queue.length > 0) drive(pool.spawn());
        else if (running === 0) finish();
      };
      const onMessage = (message: ChildMessage) => {
        if (message.key !== next.job.key) return;
        child.off('exit', onExit);
        child.off('message', onMessage);
        child.stderr?.off('data', onData);
        running--;
        if (message.type === 'done') hooks.onJobDone?.(next.job, message.result);
        else failures.push({ job: next.job, error: message.error, attempts: next.attempts });
        if (hooks.signal?.aborted) {
          finish(
            new BorderlineError({
              code: 'aborted',
              message: 'local executor: aborted',
              cause: hooks.signal.reason,
            }),
          );
          return;
        }
        drive(child);
      };
      child.once('exit', onExit);
      child.on('message', onMessage);
      child.send({ type: 'job', job: next.job } satisfies ParentMessage);
    };
    if (queue.length === 0) finish();
    for (let index = 0; index < Math.min(pool.processes, queue.length); index++) drive(pool.spawn());
  });
}
