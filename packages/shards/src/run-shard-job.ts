import { existsSync, readFileSync } from 'node:fs';
import { BorderlineError, throwIfAborted } from '@borderline/core';
import { copyRows, nearestCentres } from '@borderline/kmeans';
import { type Classifier, loadLocalClassifier } from '@borderline/runners';
import { SKIP_ITEM } from '@borderline/sampling';
import { readArrayFile, readArraySlice, type StoredArray, writeArrayFile } from './array-file';
import { readCentres } from './assign-inputs';
import { EMBEDDERS, embedderOf } from './embedders';
import { sha256Hex } from './file-hash';
import { readShardItems } from './shard-items';
import type { AssignParams, ScoreParams, ShardJob } from './shard-job';
import type { ShardManifest } from './shard-manifest';

/** What running a job did. */
export interface JobResult {
  readonly key: string;
  readonly rows: number;
  /** False when the output was already there (the job had run before). */
  readonly written: boolean;
  /** Peak resident memory of the process that ran the job, so far (bytes). */
  readonly peakRssBytes?: number;
  /** CPU time (user + system) of the process during the job, seconds. */
  readonly cpuSeconds?: number;
  /** Wall time of the job in its process, seconds. */
  readonly seconds?: number;
}

const peakRss = () => process.resourceUsage().maxRSS * 1024;
const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

/** A job's shard as a one-shard manifest, so the item reader checks it as when scanned. */
function shardManifest(job: ShardJob): ShardManifest {
  return {
    version: 1,
    dir: job.dataset,
    name: '',
    count: job.entry.start + job.entry.rows,
    shards: [job.entry],
  };
}

/**
 * Reads the vectors a pass wrote for a shard (`readShard`'s format) and checks them against the shard.
 */
export function readVectorsFile(path: string, rows: number, dimensions: number): Float32Array {
  const { header, arrays } = readArrayFile(path);
  const vectors = arrays.vectors;
  if (!(vectors instanceof Float32Array) || header.rows !== rows || vectors.length !== rows * dimensions) {
    throw new BorderlineError({
      code: 'invalid-data',
      message: `${path}: expected ${rows} vectors of ${dimensions}, found ${String(header.rows)} rows`,
    });
  }
  return vectors;
}

async function embedJob(
  job: ShardJob & { params: { pass: 'embed' } },
  signal?: AbortSignal,
): Promise<Record<string, StoredArray>> {
  const { texts } = await readShardItems(shardManifest(job), 0);
  const embedder = embedderOf(job.params.embedder);
  const vectors = await embedder.embed(texts, signal === undefined ? {} : { signal });
  return { vectors };
}

const classifiers = new Map<string, Classifier>();

function classifierOf(params: ScoreParams): Classifier {
  let classifier = classifiers.get(params.modelSha256);
  if (classifier === undefined) {
    const bytes = readFileSync(params.modelFile);
    if (sha256Hex(bytes) !== params.modelSha256) {
      throw new BorderlineError({
        code: 'io',
        message: `model file ${params.modelFile} does not match its hash`,
      });
    }
    classifier = loadLocalClassifier(bytes, { embedder: embedderOf(params.embedder) });
    // A worker scores with few model versions at a time: keep the last few.
    if (classifiers.size >= 4) classifiers.delete(classifiers.keys().next().value as string);
    classifiers.set(params.modelSha256, classifier);
  }
  return classifier;
}

async function scoreJob(
  job: ShardJob,
  params: ScoreParams,
  signal?: AbortSignal,
): Promise<Record<string, StoredArray>> {
  const classifier = classifierOf(params);
  const vectors = readVectorsFile(params.vectorsFile, job.entry.rows, EMBEDDERS[params.embedder].dimensions);
  if (classifier.head === undefined) {
    throw new BorderlineError({
      code: 'internal',
      message: `model ${params.modelFile} has no embedding head`,
    });
  }
  const scores = await classifier.head.classifyEmbedded(vectors, signal === undefined ? {} : { signal });
  return { scores };
}

function assignJob(job: ShardJob, params: AssignParams): Record<string, StoredArray> {
  const { rows, start } = job.entry;
  const dimensions = EMBEDDERS[params.embedder].dimensions;
  const vectors = readVectorsFile(params.vectorsFile, rows, dimensions);
  const which = readArraySlice(params.whichFile, 'which', start, rows) as Uint8Array;
  const { sets, dimensions: width } = readCentres(params.centresFile);
  if (width !== dimensions) {
    throw new BorderlineError({
      code: 'invalid-argument',
      message: `${params.centresFile}: centres are ${width}-d, the vectors ${dimensions}-d`,
    });
  }
  for (let row = 0; row < rows; row++) {
    const set = which[row]!;
    if (set !== SKIP_ITEM && set >= sets.length) {
      throw new BorderlineError({
        code: 'invalid-argument',
        message: `${params.whichFile}: item ${start + row} names centre set ${set} of ${sets.length}`,
      });
    }
  }
  const cluster = new Int32Array(rows).fill(-1);
  const distance = new Float64Array(rows).fill(Number.NaN);
  const members = new Int32Array(rows);
  for (let set = 0; set < sets.length; set++) {
    let count = 0;
    for (let row = 0; row < rows; row++) if (which[row] === set) members[count++] = row;
    if (count === 0) continue;
    const chosen = members.subarray(0, count);
    const { assignments, distances } = nearestCentres(
      copyRows(vectors, dimensions, chosen),
      dimensions,
      sets[set]!,
      { threads: 1 },
    );
    for (let at = 0; at < count; at++) {
      cluster[chosen[at]!] = assignments[at]!;
      distance[chosen[at]!] = distances[at]!;
    }
  }
  return { cluster, distance };
}

/**
 * Runs one shard job where it is called (a worker process, or the coordinator for `processes: 0`): reads its
 * inputs, computes, and commits the output atomically (see `writeArrayFile`). A job whose output exists does
 * nothing. Data problems throw `invalid-data` naming the shard file, row and field.
 */
export async function runShardJob(
  job: ShardJob,
  options: { readonly signal?: AbortSignal } = {},
): Promise<JobResult> {
  if (existsSync(job.output))
    return { key: job.key, rows: job.entry.rows, written: false, peakRssBytes: peakRss() };
  throwIfAborted(options.signal, 'shard job');
  const cpuStart = cpuSeconds();
  const started = performance.now();
  const params = job.params;
  let arrays: Record<string, StoredArray>;
  switch (params.pass) {
    case 'embed':
      arrays = await embedJob(job as ShardJob & { params: { pass: 'embed' } }, options.signal);
      break;
    case 'score':
      arrays = await scoreJob(job, params, options.signal);
      break;
    case 'assign':
      arrays = assignJob(job, params);
      break;
  }
  throwIfAborted(options.signal, 'shard job');
  const written = writeArrayFile(
    job.output,
    {
      pass: job.pass,
      shard: job.shard,
      inputHash: job.inputHash,
      rows: job.entry.rows,
      file: job.entry.file,
    },
    arrays,
  );
  return {
    key: job.key,
    rows: job.entry.rows,
    written,
    peakRssBytes: peakRss(),
    cpuSeconds: cpuSeconds() - cpuStart,
    seconds: (performance.now() - started) / 1000,
  };
}
