import { existsSync } from 'node:fs';
import { BorderlineError, invalidArgument, throwIfAborted, type VectorShards } from '@borderline/core';
import type { AssignPass } from '@borderline/sampling';
import { readArrayFile } from './array-file';
import { writeAssignInputs } from './assign-inputs';
import type { EmbedSpec, PassName, ScoreSpec } from './pass-spec';
import { type ResolvedPass, resolveEmbed, resolvePass } from './resolve-pass';
import { type PassProgress, resolveAndRun } from './run-pass';
import { readVectorsFile } from './run-shard-job';
import type { ShardExecutor } from './shard-executor';
import type { ShardJob } from './shard-job';
import type { ShardManifest } from './shard-manifest';

function outputOf(job: ShardJob): string {
  if (!existsSync(job.output)) {
    throw new BorderlineError({
      code: 'run-state',
      message: `the ${job.pass} pass has not written shard ${job.shard} (${job.entry.file}) yet: run it first`,
    });
  }
  return job.output;
}

/**
 * The embed pass's vectors as `VectorShards`: `readShard(i)` reads shard i's output file (one shard in memory).
 * Throws `run-state` for a shard the pass has not written.
 */
export function passVectors(manifest: ShardManifest, outDir: string, spec: EmbedSpec): VectorShards {
  return resolvedVectors(resolveEmbed(spec, manifest, outDir));
}

/**
 * {@link passVectors} of an embed pass already resolved (e.g. the one just run with `runResolvedPass`): the same
 * jobs name the outputs, nothing is resolved again.
 */
export function resolvedVectors(resolved: ResolvedPass): VectorShards {
  const { jobs, dimensions } = expectPass(resolved, 'embed', 'resolvedVectors');
  return {
    count: poolCount(jobs),
    dimensions,
    starts: jobs.map((job) => job.entry.start),
    readShard: async (shard, options = {}) => {
      const job = jobs[shard];
      if (job === undefined)
        throw invalidArgument('passVectors', `no shard ${shard} (there are ${jobs.length})`);
      throwIfAborted(options.signal, 'passVectors');
      return readVectorsFile(outputOf(job), job.entry.rows, dimensions);
    },
  };
}

/** The score pass's P(positive) for the whole pool, in pool order (8 bytes per item). */
export async function passScores(
  manifest: ShardManifest,
  outDir: string,
  spec: ScoreSpec,
): Promise<Float64Array> {
  return resolvedScores(await resolvePass(spec, manifest, outDir));
}

/**
 * {@link passScores} of a score pass already resolved (e.g. the one just run with `runResolvedPass`): the model
 * file is not read or hashed again, the same jobs name the outputs.
 */
export function resolvedScores(resolved: ResolvedPass): Float64Array {
  const { jobs } = expectPass(resolved, 'score', 'resolvedScores');
  const scores = new Float64Array(poolCount(jobs));
  for (const job of jobs) {
    const shard = readArrayFile(outputOf(job)).arrays.scores;
    if (!(shard instanceof Float64Array) || shard.length !== job.entry.rows) {
      throw new BorderlineError({
        code: 'invalid-data',
        message: `${job.output}: expected ${job.entry.rows} scores`,
      });
    }
    scores.set(shard, job.entry.start);
  }
  return scores;
}

function expectPass(resolved: ResolvedPass, pass: PassName, caller: string): ResolvedPass {
  if (resolved.pass !== pass)
    throw invalidArgument(caller, `expected a resolved ${pass} pass, got the ${resolved.pass} pass`);
  return resolved;
}

/** Items in the pool the jobs cover: shards are contiguous runs in shard order, so the last one ends it. */
function poolCount(jobs: readonly ShardJob[]): number {
  const last = jobs[jobs.length - 1];
  return last === undefined ? 0 : last.entry.start + last.entry.rows;
}

/** Options of {@link assignPass}. */
export interface AssignPassOptions {
  readonly onProgress?: (progress: PassProgress) => void;
  readonly signal?: AbortSignal;
}

/**
 * Sampling's `AssignPass` over a sharded pool (each item's nearest centre of the set `which[i]` names and the squared
 * distance; 255 skips it: -1, NaN): writes the request's centres and sets as content-addressed input
 * files under `outDir`, runs the assign pass on `executor` (one job per shard, on the vectors of `vectors`), and
 * gathers the pool's clusters and distances (12 bytes per item). The same request again reuses every output.
 */
export function assignPass(
  manifest: ShardManifest,
  outDir: string,
  vectors: EmbedSpec,
  executor: ShardExecutor,
  options: AssignPassOptions = {},
): AssignPass {
  const { dimensions } = resolveEmbed(vectors, manifest, outDir);
  return async (request) => {
    const { centresFile, whichFile } = writeAssignInputs(outDir, request, dimensions, manifest.count);
    const spec = { pass: 'assign', centresFile, whichFile, vectors } as const;
    const signal = request.signal ?? options.signal;
    const { resolved } = await resolveAndRun(spec, {
      manifest,
      outDir,
      executor,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(signal === undefined ? {} : { signal }),
    });
    const { jobs } = resolved;
    const cluster = new Int32Array(manifest.count);
    const distance = new Float64Array(manifest.count);
    for (const job of jobs) {
      const { arrays } = readArrayFile(outputOf(job));
      const shardCluster = arrays.cluster;
      const shardDistance = arrays.distance;
      if (
        !(shardCluster instanceof Int32Array) ||
        !(shardDistance instanceof Float64Array) ||
        shardCluster.length !== job.entry.rows
      ) {
        throw new BorderlineError({
          code: 'invalid-data',
          message: `${job.output}: expected ${job.entry.rows} assignments`,
        });
      }
      cluster.set(shardCluster, job.entry.start);
      distance.set(shardDistance, job.entry.start);
    }
    return { cluster, distance };
  };
}
