/**
 * @borderline/shards: pools past one process. Sharded datasets (a folder of Parquet or JSONL shards) scanned
 * into a manifest; the heavy passes (embed, score, assign) as idempotent shard jobs keyed by (pass, shard,
 * input hash); executors that run them in this process, in worker processes, or on a BullMQ queue.
 */

export type { AssignPass, AssignRequest, AssignResult } from '@borderline/sampling';
export { type ArrayType, readArrayFile, writeArrayFile } from './array-file';
export { readCentres, writeAssignInputs } from './assign-inputs';
export { EMBEDDER_NAMES, EMBEDDERS, type EmbedderInfo, type EmbedderName } from './embedders';
export { sha256File, sha256Hex } from './file-hash';
export { deserialiseError, type SerialisedError, serialiseError } from './job-error';
export { createLocalExecutor, type LocalExecutorOptions } from './local-executor';
export {
  type AssignPassOptions,
  assignPass,
  passScores,
  passVectors,
  resolvedScores,
  resolvedVectors,
} from './pass-readers';
export type { AssignSpec, EmbedSpec, PassName, PassSpec, ScoreSpec } from './pass-spec';
export { createQueueExecutor, type QueueExecutorOptions } from './queue-executor';
export { DEFAULT_QUEUE } from './redis-connection';
export { type ResolvedPass, resolvePass } from './resolve-pass';
export {
  type PassProgress,
  type PassResult,
  type RunPassOptions,
  type RunResolvedPassOptions,
  resolveAndRun,
  runPass,
  runResolvedPass,
} from './run-pass';
export { type JobResult, runShardJob } from './run-shard-job';
export { type ScanProgress, type ScanShardsOptions, scanShards } from './scan-shards';
export type { ExecutorHooks, JobFailure, ShardExecutor } from './shard-executor';
export { readItemsAt, readShardItems, type ShardItems } from './shard-items';
export type { AssignParams, EmbedParams, JobParams, ScoreParams, ShardJob } from './shard-job';
export type { ShardEntry, ShardFormat, ShardManifest } from './shard-manifest';
export { isShardedDataset, listShardFiles } from './sharded-dataset';
export { type ShardWorker, startWorker, type WorkerEvent, type WorkerOptions } from './start-worker';
