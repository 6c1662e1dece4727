import { BorderlineError } from '@borderline/core';
import { type Job, Worker } from 'bullmq';
import { errorToMessage } from './job-error';
import { DEFAULT_QUEUE, redisClient } from './redis-connection';
import { type JobResult, runShardJob } from './run-shard-job';
import type { ShardJob } from './shard-job';

/** What a worker tells its caller (it prints nothing itself). */
export type WorkerEvent =
  | { readonly type: 'job-start'; readonly key: string; readonly attempt: number }
  | { readonly type: 'job-done'; readonly key: string; readonly result: JobResult }
  | { readonly type: 'job-failed'; readonly key: string; readonly message: string }
  | { readonly type: 'error'; readonly message: string };

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  /** `redis://host:port`, the coordinator's. */
  readonly connection: string;
  /** Queue name (default `borderline-shards`). */
  readonly queue?: string;
  /**
   * Jobs at once in this process (default 1). A job is CPU-bound on one core: run one worker process per core
   * rather than raising this.
   */
  readonly concurrency?: number;
  /**
   * How long a job's lock lasts without renewal (default 30,000 ms): a worker that dies mid-job has its job taken
   * over by another worker about this long after.
   */
  readonly lockDurationMs?: number;
  /** How often this worker looks for stalled jobs of dead workers (default 30,000 ms). */
  readonly stalledIntervalMs?: number;
  /**
   * Once the job in hand is done, how long `close()` waits for Redis to take the worker's goodbye (default
   * 5,000 ms); when Redis cannot be reached it then disconnects anyway, so a worker told to stop while Redis is
   * down stops instead of retrying the connection forever. Nothing is lost: the job's output is already committed.
   */
  readonly closeTimeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: WorkerEvent) => void;
}

/** A running worker. */
export interface ShardWorker {
  /** Finishes the job in hand, then disconnects. */
  close(): Promise<void>;
}

/**
 * Pulls shard jobs from a BullMQ queue and runs them here until closed (or `signal` fires). A job's failure is
 * recorded in the queue with its error (file, row, field for data problems) and retried per the job's attempts;
 * a worker killed mid-job leaves a stalled job that another worker takes over once the lock expires. The
 * `borderline worker --redis URL` command is this function.
 */
export function startWorker(options: WorkerOptions): ShardWorker {
  const client = redisClient(options.connection);
  const inHand = jobsInHand();
  const emit = options.onEvent ?? (() => {});
  const worker = new Worker<ShardJob, JobResult>(
    options.queue ?? DEFAULT_QUEUE,
    (job: Job<ShardJob, JobResult>) => processJob(job, emit, inHand),
    {
      connection: client,
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: 2,
    },
  );
  worker.on('error', (error) => emit({ type: 'error', message: error.message }));
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= closeWorker(worker, client, inHand, options);
    return closing;
  };
  options.signal?.addEventListener('abort', () => void close(), { once: true });
  return { close };
}

/** The keys of the jobs this worker is running, and a wait for the moment none is. */
interface JobsInHand {
  start(key: string): void;
  end(key: string): void;
  /** Settles once no job is in hand (at once when none is). */
  drained(): Promise<void>;
}

function jobsInHand(): JobsInHand {
  const active = new Set<string>();
  const idle: (() => void)[] = [];
  return {
    start: (key) => {
      active.add(key);
    },
    end: (key) => {
      active.delete(key);
      if (active.size === 0) for (const resolve of idle.splice(0)) resolve();
    },
    drained: () =>
      active.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve)),
  };
}

/** Runs one queue job here; a failure is rethrown as the message the queue records. */
async function processJob(
  job: Job<ShardJob, JobResult>,
  emit: (event: WorkerEvent) => void,
  inHand: JobsInHand,
): Promise<JobResult> {
  emit({ type: 'job-start', key: job.data.key, attempt: job.attemptsMade + 1 });
  inHand.start(job.data.key);
  try {
    const result = await runShardJob(job.data);
    emit({ type: 'job-done', key: job.data.key, result });
    return result;
  } catch (error) {
    const message = errorToMessage(error);
    emit({
      type: 'job-failed',
      key: job.data.key,
      message: BorderlineError.is(error) ? error.message : message,
    });
    throw new Error(message);
  } finally {
    inHand.end(job.data.key);
  }
}

/** Stops taking jobs, finishes those in hand, then disconnects (without Redis's goodbye after the timeout). */
async function closeWorker(
  worker: Worker<ShardJob, JobResult>,
  client: ReturnType<typeof redisClient>,
  inHand: JobsInHand,
  options: WorkerOptions,
): Promise<void> {
  const graceful = worker.close();
  await inHand.drained();
  const closed = await settlesWithin(graceful, options.closeTimeoutMs ?? 5_000);
  if (!closed) {
    options.onEvent?.({
      type: 'error',
      message: `Redis at ${options.connection} did not answer: disconnected without it`,
    });
  }
  client.disconnect();
}

/** Whether `promise` settles (either way) within `ms`; the timer never outlives the answer. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
