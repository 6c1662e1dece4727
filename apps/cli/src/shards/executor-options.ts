import { connect } from 'node:net';
import { BorderlineError } from '@borderline/core';
import { createLocalExecutor, createQueueExecutor, type ShardExecutor } from '@borderline/shards';
import type { Argv } from 'yargs';
import { wholeNumberOption } from '../commands/integer-option';
import type { DriveOptions } from '../drive/execute-run';
import type { Output } from '../render/output';
import type { Environment } from '../session/models';
import type { RunSession } from '../session/run-session';

/** Where a sharded run's passes run. */
export const EXECUTORS = ['local', 'queue'] as const;

/** The environment variable that names the queue's Redis when `--redis` is absent. */
export const REDIS_ENV = 'BORDERLINE_REDIS_URL';

/** What a command that runs passes accepts. */
export interface ExecutorArgs {
  executor: (typeof EXECUTORS)[number];
  redis?: string;
  processes?: number;
}

/** Adds `--executor`, `--redis` and `--processes` (they matter only for a run whose pool is sharded). */
export function withExecutor<T>(yargs: Argv<T>) {
  return yargs
    .option('executor', {
      choices: EXECUTORS,
      default: 'local' as const,
      describe:
        'Sharded pools: run the passes in worker processes here (local), or as jobs on a Redis queue that `borderline worker` processes pull (queue)',
    })
    .option('redis', {
      type: 'string',
      describe: `The queue's Redis, e.g. redis://127.0.0.1:6379 (default: $${REDIS_ENV})`,
    })
    .option(
      'processes',
      wholeNumberOption(
        '--processes',
        { min: 0 },
        { describe: 'Local executor: worker processes (default 2; 0 runs the jobs in this process)' },
      ),
    );
}

/** The Redis URL of the command: `--redis`, else the environment; refused with what to do when neither is set. */
export function redisUrlOf(args: { redis?: string }, env: Environment, command: string): string {
  const url = args.redis ?? env[REDIS_ENV];
  if (url === undefined || url === '') {
    throw new BorderlineError({
      code: 'invalid-argument',
      message: `${command}: the queue needs a Redis: give --redis redis://host:port or set ${REDIS_ENV}`,
    });
  }
  // A URL the parser refuses (a bad port, a broken host) is refused here too, not later by the connection check.
  if (!/^rediss?:\/\//.test(url) || !URL.canParse(url)) {
    throw new BorderlineError({
      code: 'invalid-argument',
      message: `${command}: --redis takes a redis:// URL, e.g. redis://127.0.0.1:6379 (got "${url}")`,
    });
  }
  return url;
}

/**
 * Who needs the queue's Redis: a command that queues jobs (`prelabel`, `select`, `step`, `run`: it also needs
 * workers to pull them), or a worker that pulls them.
 */
export type RedisRole = 'queues-jobs' | 'pulls-jobs';

/**
 * Refuses an unreachable Redis before any job is queued or pulled, naming the URL and how to get one up (a
 * queue with no Redis would otherwise wait on reconnects); a command that queues jobs is also told to start
 * workers, a worker is not.
 */
export async function checkRedisReachable(
  url: string,
  command: string,
  role: RedisRole = 'queues-jobs',
  timeoutMs = 3000,
): Promise<void> {
  const { hostname, port } = new URL(url);
  const reason = await new Promise<string | undefined>((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (why: string | undefined) => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer in ${timeoutMs / 1000} s`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
  if (reason === undefined) return;
  const start = `start one (e.g. redis-server --port ${port || 6379})`;
  throw new BorderlineError({
    code: 'io',
    message:
      role === 'pulls-jobs'
        ? `${command}: no Redis reachable at ${url} (${reason}); ${start} or point --redis / ${REDIS_ENV} at the Redis the runs queue their jobs on`
        : `${command}: no Redis reachable at ${url} (${reason}); ${start} or point --redis / ${REDIS_ENV} at yours, and start workers that pull the jobs: borderline worker --redis ${url}`,
  });
}

/** The executor a command's flags ask for; the caller closes it. */
export async function createRunExecutor(
  args: ExecutorArgs,
  env: Environment,
  command: string,
): Promise<ShardExecutor> {
  if (args.executor === 'local') {
    return createLocalExecutor(args.processes === undefined ? {} : { processes: args.processes });
  }
  const connection = redisUrlOf(args, env, command);
  await checkRedisReachable(connection, command);
  return createQueueExecutor({ connection });
}

/**
 * Runs a driver of `command` with the {@link DriveOptions} the flags ask for: `--chunk-size`, and for a sharded
 * run the executor of `--executor` (closed after, whatever happens); an unsharded run needs none, and is warned
 * when the flags ask for one. The one place prelabel, select, step and run build them.
 */
export async function withDriveOptions<T>(
  env: Environment,
  session: RunSession,
  output: Output,
  args: ExecutorArgs & { readonly chunkSize: number },
  command: string,
  drive: (options: DriveOptions) => Promise<T>,
): Promise<T> {
  if (!session.sharded) {
    if (args.executor === 'queue' || args.processes !== undefined) {
      output.warn(
        `${command}: this run's pool is not sharded: its work runs in this process (--executor ignored)`,
      );
    }
    return drive({ chunkSize: args.chunkSize });
  }
  const executor = await createRunExecutor(args, env, command);
  try {
    return await drive({ chunkSize: args.chunkSize, executor });
  } finally {
    await executor.close();
  }
}
