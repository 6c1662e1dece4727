import { existsSync } from 'node:fs';
import { invalidArgument, throwIfAborted } from '@borderline/core';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { errorFromMessage } from './job-error';
import { DEFAULT_QUEUE, redisClient } from './redis-connection';
import type { ExecutorHooks, JobFailure, ShardExecutor } from './shard-executor';
import type { ShardJob } from './shard-job';

/** Options of {@link createQueueExecutor}. */
export interface QueueExecutorOptions {
  /** `redis://host:port`: the Redis every worker (`startWorker`) of this queue connects to. */
  readonly connection: string;
  /** Queue name (default `borderline-shards`); workers must use the same. */
  readonly queue?: string;
  /** Tries per job, BullMQ's `attempts` (default 3); a failed try is retried after `backoffMs`. */
  readonly attempts?: number;
  /** Delay before a failed job's next try (default 1000 ms). */
  readonly backoffMs?: number;
  /** How often the coordinator checks outputs and the queue (default 250 ms; the queue every 8th time). */
  readonly pollMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Adds jobs 1,000 per call (one call per pass would be one huge Redis transaction at 1e5+ shards). */
async function addJobs(
  queue: Queue,
  jobs: readonly ShardJob[],
  jobOptions: (job: ShardJob) => object,
): Promise<void> {
  for (let start = 0; start < jobs.length; start += 1000) {
    const chunk = jobs.slice(start, start + 1000);
    await queue.addBulk(chunk.map((job) => ({ name: job.pass, data: job, opts: jobOptions(job) })));
  }
}

/** Runs `task` on every job, 64 at a time (Redis round trips overlap; the client pipelines them). */
async function inBatches(jobs: readonly ShardJob[], task: (job: ShardJob) => Promise<void>): Promise<void> {
  for (let start = 0; start < jobs.length; start += 64) {
    await Promise.all(jobs.slice(start, start + 64).map(task));
  }
}

/**
 * Runs shard jobs on a BullMQ queue in Redis; any number of `startWorker` processes on any number of machines
 * pull them. Jobs carry the spec and absolute paths, so the dataset and the output folder must be on storage
 * every worker sees at the same path. A job's id is its output key: adding it again is a no-op while it is queued,
 * and a job the queue lost (Redis restarted without persistence) is added again, since its output is missing.
 * Done means the output file exists; a job is failed for good when BullMQ has spent its attempts.
 */
export function createQueueExecutor(options: QueueExecutorOptions): ShardExecutor {
  const attempts = options.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw invalidArgument('createQueueExecutor', `attempts must be a positive integer, got ${attempts}`);
  }
  const name = options.queue ?? DEFAULT_QUEUE;
  let client: Redis | undefined;
  let queue: Queue | undefined;
  const open = (): Queue => {
    client ??= redisClient(options.connection);
    if (queue === undefined) {
      queue = new Queue(name, { connection: client });
      // Connection errors (Redis restarting) are retried by the client; the pass waits for it, so they are not
      // failures here, and a library prints nothing.
      queue.on('error', () => {});
    }
    return queue;
  };
  const jobOptions = (job: ShardJob) => ({
    jobId: job.key,
    attempts,
    backoff: { type: 'fixed', delay: options.backoffMs ?? 1000 },
    removeOnComplete: true,
    removeOnFail: false,
  });
  return {
    kind: 'bullmq',
    run: async (jobs, hooks = {}) => {
      const opened = open();
      // A job failed in an earlier run keeps its id in the failed set, where adding it again would be ignored.
      await inBatches(jobs, async (job) => {
        const existing = await opened.getJob(job.key);
        if (existing !== undefined && (await existing.isFailed())) await existing.remove();
      });
      await addJobs(opened, jobs, jobOptions);
      return watch(opened, jobs, hooks, options.pollMs ?? 250, jobOptions);
    },
    close: async () => {
      await queue?.close();
      client?.disconnect();
    },
  };
}

async function watch(
  queue: Queue,
  jobs: readonly ShardJob[],
  hooks: ExecutorHooks,
  pollMs: number,
  jobOptions: (job: ShardJob) => object,
): Promise<readonly JobFailure[]> {
  const pending = new Map(jobs.map((job) => [job.key, job]));
  const failures: JobFailure[] = [];
  for (let tick = 0; pending.size > 0; tick++) {
    throwIfAborted(hooks.signal, 'queue executor');
    for (const [key, job] of pending) {
      if (!existsSync(job.output)) continue;
      pending.delete(key);
      hooks.onJobDone?.(job, { key, rows: job.entry.rows, written: true });
    }
    if (pending.size > 0 && tick % 8 === 7) await reconcile(queue, pending, failures, jobOptions);
    if (pending.size > 0) await sleep(pollMs);
  }
  return failures;
}

/** Failed-for-good jobs leave `pending` as failures; jobs the queue lost are added again. */
async function reconcile(
  queue: Queue,
  pending: Map<string, ShardJob>,
  failures: JobFailure[],
  jobOptions: (job: ShardJob) => object,
): Promise<void> {
  const lost: ShardJob[] = [];
  await inBatches([...pending.values()], async (job) => {
    const found = await queue.getJob(job.key);
    if (existsSync(job.output)) return;
    if (found === undefined) {
      lost.push(job);
      return;
    }
    if ((await found.getState()) === 'failed') {
      pending.delete(job.key);
      failures.push({ job, error: errorFromMessage(found.failedReason ?? ''), attempts: found.attemptsMade });
    }
  });
  if (lost.length > 0) await addJobs(queue, lost, jobOptions);
}
