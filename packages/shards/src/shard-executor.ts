import type { SerialisedError } from './job-error';
import type { JobResult } from './run-shard-job';
import type { ShardJob } from './shard-job';

/** A job that failed for good (after the executor's retries), with its error. */
export interface JobFailure {
  readonly job: ShardJob;
  readonly error: SerialisedError;
  /** Attempts made. */
  readonly attempts: number;
}

/** What `run` reports as jobs finish. */
export interface ExecutorHooks {
  /** A job's output is committed (by this run or an earlier one). */
  readonly onJobDone?: (job: ShardJob, result: JobResult) => void;
  readonly signal?: AbortSignal;
}

/**
 * Runs shard jobs somewhere: in this process, in worker processes of this machine, or on a queue any number of
 * machines pull from. `run` settles when every job has either committed its output or failed for good; one
 * failure does not stop the others.
 */
export interface ShardExecutor {
  /** e.g. `local`, `local-2`, `bullmq`. */
  readonly kind: string;
  run(jobs: readonly ShardJob[], hooks?: ExecutorHooks): Promise<readonly JobFailure[]>;
  /** Stops worker processes or closes connections; the executor is unusable after. */
  close(): Promise<void>;
}
