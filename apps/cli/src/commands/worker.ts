import { startWorker, type WorkerEvent } from '@borderline/shards';
import type { Argv, CommandModule } from 'yargs';
import type { CliIo } from '../io';
import type { Output } from '../render/output';
import { checkRedisReachable, REDIS_ENV, redisUrlOf } from '../shards/executor-options';
import { wholeNumberOption } from './integer-option';
import { outputOf } from './shared';

interface WorkerArgs {
  redis?: string;
  concurrency: number;
  queue?: string;
  json?: boolean;
  quiet?: boolean;
  seed?: number;
}

/** A worker's events as lines on stderr (a job's key names its pass, shard and input hash). */
function reporter(output: Output): (event: WorkerEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'job-start':
        output.note(`worker: ${event.key} started${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`);
        return;
      case 'job-done':
        output.note(
          `worker: ${event.key} done, ${event.result.rows} items${event.result.written ? '' : ' (its output was already there)'}`,
        );
        return;
      case 'job-failed':
        output.warn(`worker: ${event.key} failed: ${event.message}`);
        return;
      case 'error':
        output.warn(`worker: ${event.message}`);
        return;
    }
  };
}

/**
 * `borderline worker`: pulls shard jobs (embed, score, assign) from the queue of sharded runs until stopped
 * (Ctrl-C / SIGTERM finishes the job in hand first). Any number of workers on any number of machines may pull
 * from one queue; the run directories and datasets must be on storage they all see at the same paths.
 */
export function workerCommand(io: CliIo): CommandModule<object, WorkerArgs> {
  return {
    command: 'worker',
    describe:
      "Run sharded runs' pass jobs from a Redis queue (start as many as you have cores, on any machine)",
    builder: (yargs) => withWorkerOptions(yargs) as never,
    handler: (args) => runWorker(io, args),
  };
}

/** Which queue to pull from, and how many jobs at once. */
function withWorkerOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('redis', {
      type: 'string',
      describe: `The queue's Redis, e.g. redis://127.0.0.1:6379 (default: $${REDIS_ENV})`,
    })
    .option(
      'concurrency',
      wholeNumberOption(
        '--concurrency',
        { min: 1 },
        {
          default: 1,
          describe: 'Jobs at once in this process (a job uses one core: prefer one worker per core)',
        },
      ),
    )
    .option('queue', { type: 'string', describe: 'Queue name (default borderline-shards)' })
    .example('$0 worker --redis redis://127.0.0.1:6379', 'Pull jobs until Ctrl-C')
    .example(
      'BORDERLINE_REDIS_URL=redis://queue:6379 $0 worker --concurrency 2',
      'On another machine that sees the same run directories',
    );
}

/** Pulls jobs until SIGINT or SIGTERM, then closes the worker (the job in hand finishes first). */
async function runWorker(io: CliIo, args: WorkerArgs): Promise<void> {
  const output = outputOf(io, args);
  const connection = redisUrlOf(args, io.env, 'worker');
  await checkRedisReachable(connection, 'worker', 'pulls-jobs');
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const worker = startWorker({
    connection,
    concurrency: args.concurrency,
    ...(args.queue === undefined ? {} : { queue: args.queue }),
    signal: stop.signal,
    onEvent: reporter(output),
  });
  output.note(`worker: pulling jobs from ${connection}; Ctrl-C stops after the job in hand`);
  await new Promise<void>((resolve) =>
    stop.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  await worker.close();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  output.result({ stopped: true }, () => 'worker: stopped');
}
