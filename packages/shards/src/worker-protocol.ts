import type { SerialisedError } from './job-error';
import type { JobResult } from './run-shard-job';
import type { ShardJob } from './shard-job';

/** The local executor to a worker process: run this job. */
export type ParentMessage = { readonly type: 'job'; readonly job: ShardJob };

/** A worker process to the local executor: the job's outcome. */
export type ChildMessage =
  | { readonly type: 'done'; readonly key: string; readonly result: JobResult }
  | { readonly type: 'failed'; readonly key: string; readonly error: SerialisedError };
