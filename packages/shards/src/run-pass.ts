import { existsSync } from 'node:fs';
import { BorderlineError, type DataIssue, throwIfAborted } from '@borderline/core';
import { deserialiseError } from './job-error';
import type { PassName, PassSpec } from './pass-spec';
import { type ResolvedPass, resolvePass } from './resolve-pass';
import type { JobResult } from './run-shard-job';
import type { JobFailure, ShardExecutor } from './shard-executor';
import type { ShardJob } from './shard-job';
import type { ShardManifest } from './shard-manifest';

/** Progress of a pass, after each shard job. */
export interface PassProgress {
  readonly pass: PassName;
  readonly shardsDone: number;
  readonly shardsTotal: number;
  /** Items of the shards done (including those done before this call). */
  readonly items: number;
  /** Items per second of the jobs this call ran. */
  readonly itemsPerSecond: number;
}

/** Options of {@link runPass}. */
export interface RunPassOptions {
  readonly manifest: ShardManifest;
  /** Where outputs go, `<outDir>/<pass>/<shard>-<inputHash>.bin`; on storage every worker sees. */
  readonly outDir: string;
  readonly executor: ShardExecutor;
  readonly onProgress?: (progress: PassProgress) => void;
  readonly signal?: AbortSignal;
}

/** What a pass did. */
export interface PassResult {
  readonly pass: PassName;
  /** Shards in the pool. */
  readonly shards: number;
  /** Shards whose output was already there. */
  readonly skipped: number;
  /** Shard jobs this call ran. */
  readonly ran: number;
  /** Items of the jobs this call ran. */
  readonly items: number;
  readonly seconds: number;
  readonly itemsPerSecond: number;
  /** The largest peak resident memory a job's process reported (bytes), when the executor reports it. */
  readonly peakRssBytes?: number;
  /** CPU seconds the jobs took in their processes, summed, when the executor reports it. */
  readonly cpuSeconds?: number;
  /** Wall seconds of the jobs in their processes, summed (the rest of `seconds x processes` is overhead and idle). */
  readonly jobSeconds?: number;
}

function failed(pass: PassName, failures: readonly JobFailure[], total: number): BorderlineError {
  const lines = failures.map(({ job, error, attempts }) => {
    const issue = error.issues[0];
    const where =
      issue === undefined ? '' : ` at ${issue.row === undefined ? `line ${issue.line}` : `row ${issue.row}`}`;
    return `  shard ${job.shard} (${job.entry.file})${where}, after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${error.message.split('\n').join('\n    ')}`;
  });
  const issues: DataIssue[] = failures.flatMap(({ error }) => error.issues);
  const first = deserialiseError(failures[0]!.error);
  return new BorderlineError({
    code: failures.every(({ error }) => error.code === first.code) ? first.code : 'invalid-data',
    message: [
      `${pass} pass: ${failures.length} of ${total} shards failed (the others completed)`,
      ...lines,
    ].join('\n'),
    issues,
    cause: first,
  });
}

/**
 * Runs a pass over every shard whose output is missing, one job per shard on `executor`, and settles when all
 * are committed. A shard that fails does not stop the others; when any failed, `runPass` rejects after the rest
 * complete, naming each failed shard (file, row, field for data problems). Run again, it runs only what is
 * missing: outputs are keyed by (pass, shard, inputHash). Score and assign read the embed pass's vectors: run
 * it first.
 */
export async function runPass(spec: PassSpec, options: RunPassOptions): Promise<PassResult> {
  return (await resolveAndRun(spec, options)).result;
}

/**
 * {@link runPass} that also hands back the pass it resolved against `options.manifest` and `options.outDir`, for
 * a caller that then reads the pass's outputs through the same jobs (`resolvedVectors`, `resolvedScores`): its
 * inputs are checked and hashed once, not twice.
 */
export async function resolveAndRun(
  spec: PassSpec,
  options: RunPassOptions,
): Promise<{ resolved: ResolvedPass; result: PassResult }> {
  throwIfAborted(options.signal, 'runPass');
  const resolved = await resolvePass(spec, options.manifest, options.outDir);
  return { resolved, result: await runResolvedPass(resolved, options) };
}

/** Options of {@link runResolvedPass}: those of {@link runPass} but the pool and the outputs' folder. */
export type RunResolvedPassOptions = Omit<RunPassOptions, 'manifest' | 'outDir'>;

/**
 * {@link runPass} over a pass already resolved (`resolvePass`): the pool and the outputs' folder are those it
 * was resolved against, its jobs name them.
 */
export async function runResolvedPass(
  resolved: ResolvedPass,
  options: RunResolvedPassOptions,
): Promise<PassResult> {
  const { executor } = options;
  throwIfAborted(options.signal, 'runPass');
  if (resolved.pass !== 'embed') requireVectors(resolved);
  const todo: ShardJob[] = [];
  const tally: Tally = { shardsDone: 0, itemsDone: 0, items: 0 };
  for (const job of resolved.jobs) {
    if (existsSync(job.output)) tally.itemsDone += job.entry.rows;
    else todo.push(job);
  }
  const skipped = resolved.jobs.length - todo.length;
  tally.shardsDone = skipped;
  const started = performance.now();
  const rate = () => tally.items / Math.max(1e-9, (performance.now() - started) / 1000);
  const failures = await executor.run(todo, {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onJobDone: (job, done) => {
      count(tally, job, done);
      options.onProgress?.({
        pass: resolved.pass,
        shardsDone: tally.shardsDone,
        shardsTotal: resolved.jobs.length,
        items: tally.itemsDone,
        itemsPerSecond: rate(),
      });
    },
  });
  if (failures.length > 0) throw failed(resolved.pass, failures, resolved.jobs.length);
  const seconds = (performance.now() - started) / 1000;
  const { peakRssBytes, cpuSeconds, jobSeconds } = tally;
  return {
    ...(peakRssBytes === undefined ? {} : { peakRssBytes }),
    ...(cpuSeconds === undefined ? {} : { cpuSeconds }),
    ...(jobSeconds === undefined ? {} : { jobSeconds }),
    pass: resolved.pass,
    shards: resolved.jobs.length,
    skipped,
    ran: todo.length,
    items: tally.items,
    seconds,
    itemsPerSecond: rate(),
  };
}

/** Refuses a score or assign pass over shards whose vectors the embed pass has not written. */
function requireVectors(resolved: ResolvedPass): void {
  const missing = resolved.jobs.filter(
    (job) => !existsSync((job.params as { vectorsFile: string }).vectorsFile),
  );
  if (missing.length > 0) {
    throw new BorderlineError({
      code: 'run-state',
      message: `${resolved.pass} pass: the embed pass has not written shard ${missing.map((job) => job.shard).join(', ')} yet: run it first`,
    });
  }
}

/** A pass's running counts: shards and items done (with those done before), items run, job resources. */
interface Tally {
  shardsDone: number;
  itemsDone: number;
  /** Items of the jobs this call ran. */
  items: number;
  peakRssBytes?: number;
  cpuSeconds?: number;
  jobSeconds?: number;
}

/** Counts one finished job into the tally. */
function count(tally: Tally, job: ShardJob, done: JobResult): void {
  if (done.peakRssBytes !== undefined)
    tally.peakRssBytes = Math.max(tally.peakRssBytes ?? 0, done.peakRssBytes);
  if (done.cpuSeconds !== undefined) tally.cpuSeconds = (tally.cpuSeconds ?? 0) + done.cpuSeconds;
  if (done.seconds !== undefined) tally.jobSeconds = (tally.jobSeconds ?? 0) + done.seconds;
  tally.shardsDone++;
  tally.itemsDone += job.entry.rows;
  tally.items += job.entry.rows;
}
