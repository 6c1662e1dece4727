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
  /**
   * The worker script (default: `worker-entry.js` beside this module in `dist`; `worker-entry.ts` when this module
   * runs from source, which then needs a TypeScript loader in `execArgv`).
   */
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
  const { children, acquire, release } = workerProcesses(workerEntry(options), options.execArgv);
  return {
    kind: `local-${processes}`,
    run: (jobs, hooks = {}) => runOnChildren(jobs, hooks, { processes, attempts, acquire, release }),
    close: () => stopAll(children),
  };
}

/** The worker script: `options.workerEntry`, or the entry beside this module (built, or run from source). */
function workerEntry(options: LocalExecutorOptions): string {
  // Built: dist/worker-entry.js. Run from source (a TypeScript loader in execArgv): src/worker-entry.ts.
  const sibling = import.meta.url.endsWith('.ts') ? './worker-entry.ts' : './worker-entry.js';
  return options.workerEntry ?? fileURLToPath(new URL(sibling, import.meta.url));
}

/** An executor's worker processes: forked on demand, kept idle (and unref'd) between jobs and between runs. */
function workerProcesses(
  entry: string,
  execArgv: readonly string[] | undefined,
): Pick<Pool, 'acquire' | 'release'> & { readonly children: Set<ChildProcess> } {
  const children = new Set<ChildProcess>();
  // Processes between jobs and between runs: a pass reuses them (and the embedder each has loaded).
  const idle: ChildProcess[] = [];
  const spawn = () => {
    const child = fork(entry, [], {
      execArgv: [...(execArgv ?? process.execArgv)],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    children.add(child);
    child.once('exit', () => {
      children.delete(child);
      const at = idle.indexOf(child);
      if (at !== -1) idle.splice(at, 1);
    });
    return child;
  };
  // An idle process does not keep this one alive (a caller that forgets `close` still exits).
  const acquire = () => {
    const child = idle.pop() ?? spawn();
    child.ref();
    child.channel?.ref();
    return child;
  };
  const release = (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.unref();
    child.channel?.unref();
    idle.push(child);
  };
  return { children, acquire, release };
}

/** Stops every worker process and settles when all have exited. */
async function stopAll(children: Set<ChildProcess>): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          // An idle process was unref'd: ref it again, or awaiting its exit would hold nothing and a caller
          // with no other work would end before close() settles.
          child.ref();
          child.kill('SIGTERM');
        }),
    ),
  );
}

interface Pool {
  readonly processes: number;
  readonly attempts: number;
  /** An idle worker process, or a new one. */
  readonly acquire: () => ChildProcess;
  /** Hands a process with nothing more to do back for the next run. */
  readonly release: (child: ChildProcess) => void;
}

/** How one job on one process ended: the process answered, or it exited under the job. */
type Outcome =
  | { readonly kind: 'answer'; readonly message: ChildMessage }
  | { readonly kind: 'exit'; readonly why: string };

/** Sends `job` to `child` and waits for its answer or its exit (with the end of its stderr). */
function runOnChild(child: ChildProcess, job: ShardJob): Promise<Outcome> {
  return new Promise((resolve) => {
    let stderr = '';
    const onData = (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    };
    const done = (outcome: Outcome) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.stderr?.off('data', onData);
      resolve(outcome);
    };
    const onMessage = (message: ChildMessage) => {
      if (message.key === job.key) done({ kind: 'answer', message });
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      const tail = stderr.trim() === '' ? '' : `: ${stderr.trim()}`;
      done({
        kind: 'exit',
        why: `worker process exited (${signal ?? `code ${code}`}) while running ${job.key}${tail}`,
      });
    };
    child.stderr?.on('data', onData);
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ type: 'job', job } satisfies ParentMessage);
  });
}

/** One process's share of a run: takes jobs from `queue` until it is empty; a dead process is replaced. */
async function lane(
  queue: Pending[],
  failures: JobFailure[],
  hooks: ExecutorHooks,
  pool: Pool,
): Promise<void> {
  let child = pool.acquire();
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    throwIfAborted(hooks.signal, 'local executor');
    next.attempts++;
    const outcome = await runOnChild(child, next.job);
    if (outcome.kind === 'exit') {
      if (next.attempts < pool.attempts) queue.unshift(next);
      else {
        const error = serialiseError(new BorderlineError({ code: 'internal', message: outcome.why }));
        failures.push({ job: next.job, error, attempts: next.attempts });
      }
      child = pool.acquire();
    } else if (outcome.message.type === 'done') hooks.onJobDone?.(next.job, outcome.message.result);
    else failures.push({ job: next.job, error: outcome.message.error, attempts: next.attempts });
  }
  pool.release(child);
}

async function runOnChildren(
  jobs: readonly ShardJob[],
  hooks: ExecutorHooks,
  pool: Pool,
): Promise<readonly JobFailure[]> {
  const queue: Pending[] = jobs.map((job) => ({ job, attempts: 0 }));
  const failures: JobFailure[] = [];
  const lanes = Math.min(pool.processes, queue.length);
  await Promise.all(Array.from({ length: lanes }, () => lane(queue, failures, hooks, pool)));
  return failures;
}
