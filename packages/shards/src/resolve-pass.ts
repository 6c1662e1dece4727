import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { BorderlineError, invalidArgument } from '@borderline/core';
import { localClassifierEmbedding } from '@borderline/runners';
import { EMBEDDER_NAMES, EMBEDDERS, type EmbedderName } from './embedders';
import { sha256File, sha256Hex } from './file-hash';
import type { AssignSpec, EmbedSpec, PassName, PassSpec, ScoreSpec } from './pass-spec';
import type { JobParams, ShardJob } from './shard-job';
import type { ShardManifest } from './shard-manifest';

/** A pass resolved against a manifest: one job per shard, in shard order. */
export interface ResolvedPass {
  readonly pass: PassName;
  readonly jobs: readonly ShardJob[];
  /** Floats per row of the vectors the pass reads or writes. */
  readonly dimensions: number;
}

const absolute = (path: string) => (isAbsolute(path) ? path : resolve(path));

/** The inputHash of one shard's job: its file's sha256 and the pass's parameters. */
function inputHashOf(shardSha256: string, parts: readonly (string | number)[]): string {
  return sha256Hex(JSON.stringify([shardSha256, ...parts])).slice(0, 16);
}

function checkEmbedder(name: unknown, field: string): EmbedderName {
  if (typeof name !== 'string' || !(EMBEDDER_NAMES as string[]).includes(name)) {
    throw invalidArgument(
      'runPass',
      `${field} must be one of ${EMBEDDER_NAMES.join(', ')}, got ${JSON.stringify(name)}`,
    );
  }
  return name as EmbedderName;
}

/** The embed jobs (their outputs are the vectors other passes read). */
export function resolveEmbed(spec: EmbedSpec, manifest: ShardManifest, outDir: string): ResolvedPass {
  const embedder = checkEmbedder(spec.embedder, 'embedder');
  const info = EMBEDDERS[embedder];
  const jobs = manifest.shards.map((entry, shard) =>
    job(manifest, outDir, shard, inputHashOf(entry.sha256, ['embed', info.id]), { pass: 'embed', embedder }),
  );
  return { pass: 'embed', jobs, dimensions: info.dimensions };
}

function job(
  manifest: ShardManifest,
  outDir: string,
  shard: number,
  inputHash: string,
  params: JobParams,
): ShardJob {
  const entry = manifest.shards[shard]!;
  return {
    pass: params.pass,
    shard,
    inputHash,
    key: `${params.pass}-${shard}-${inputHash}`,
    output: join(absolute(outDir), params.pass, `${shard}-${inputHash}.bin`),
    dataset: manifest.dir,
    entry,
    params,
  };
}

/** Reads a model file, checks its hash and version, and finds the embedder it was trained on. */
export function modelEmbedder(spec: ScoreSpec): EmbedderName {
  const file = absolute(spec.modelFile);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new BorderlineError({
      code: 'not-found',
      message: `score pass: model file ${file} is missing`,
      cause: error,
    });
  }
  if (sha256Hex(bytes) !== spec.modelSha256) {
    throw new BorderlineError({
      code: 'io',
      message: `score pass: model file ${file} does not match its hash ${spec.modelSha256}`,
    });
  }
  // One read of the header names the embedder; the shard jobs load the model with it and check it whole.
  // `spec.version` is the caller's number for this model (a run's model version); the classifier's own version
  // counts adaptations of its base and differs from it in a run, so the file is known by its hash.
  const { embedderId, dimensions } = localClassifierEmbedding(bytes);
  const name = EMBEDDER_NAMES.find(
    (candidate) => EMBEDDERS[candidate].id === embedderId && EMBEDDERS[candidate].dimensions === dimensions,
  );
  if (name !== undefined) return name;
  throw invalidArgument(
    'score pass',
    `model file ${file} reads ${embedderId} (${dimensions}-d), none of the embedders ${EMBEDDER_NAMES.join(', ')}`,
  );
}

/**
 * Jobs of a pass that reads the embed pass's vectors: one per shard, its inputHash over the shard, `parts` and
 * the vectors' own inputHash (new vectors, new outputs).
 */
function onVectors(
  pass: 'score' | 'assign',
  manifest: ShardManifest,
  outDir: string,
  embedder: EmbedderName,
  make: (vectors: ShardJob) => { readonly parts: readonly (string | number)[]; readonly params: JobParams },
): ResolvedPass {
  const vectors = resolveEmbed({ pass: 'embed', embedder }, manifest, outDir);
  const jobs = vectors.jobs.map((source) => {
    const { parts, params } = make(source);
    return job(
      manifest,
      outDir,
      source.shard,
      inputHashOf(source.entry.sha256, [...parts, source.inputHash]),
      params,
    );
  });
  return { pass, jobs, dimensions: vectors.dimensions };
}

function resolveScore(spec: ScoreSpec, manifest: ShardManifest, outDir: string): ResolvedPass {
  const trainedOn = modelEmbedder(spec);
  const embedder =
    spec.vectors === undefined ? trainedOn : checkEmbedder(spec.vectors.embedder, 'vectors.embedder');
  if (embedder !== trainedOn) {
    throw invalidArgument(
      'score pass',
      `model file ${spec.modelFile} reads ${trainedOn} vectors, not ${embedder}`,
    );
  }
  const modelFile = absolute(spec.modelFile);
  const { modelSha256, version } = spec;
  return onVectors('score', manifest, outDir, embedder, (source) => ({
    parts: ['score', modelSha256, version],
    params: { pass: 'score', modelFile, modelSha256, version, embedder, vectorsFile: source.output },
  }));
}

async function resolveAssign(
  spec: AssignSpec,
  manifest: ShardManifest,
  outDir: string,
): Promise<ResolvedPass> {
  const embedder = checkEmbedder(spec.vectors?.embedder, 'vectors.embedder');
  const centresFile = absolute(spec.centresFile);
  const whichFile = absolute(spec.whichFile);
  const [centresSha256, whichSha256] = await Promise.all([sha256File(centresFile), sha256File(whichFile)]);
  return onVectors('assign', manifest, outDir, embedder, (source) => ({
    parts: ['assign', centresSha256, whichSha256],
    params: {
      pass: 'assign',
      centresFile,
      centresSha256,
      whichFile,
      whichSha256,
      embedder,
      vectorsFile: source.output,
    },
  }));
}

/** Resolves a pass: checks its inputs, hashes them, and names every shard's job and output. */
export async function resolvePass(
  spec: PassSpec,
  manifest: ShardManifest,
  outDir: string,
): Promise<ResolvedPass> {
  switch (spec.pass) {
    case 'embed':
      return resolveEmbed(spec, manifest, outDir);
    case 'score':
      return resolveScore(spec, manifest, outDir);
    case 'assign':
      return resolveAssign(spec, manifest, outDir);
    default: {
      const unknown: never = spec;
      throw invalidArgument(
        'runPass',
        `unknown pass ${JSON.stringify((unknown as { pass?: unknown }).pass)}`,
      );
    }
  }
}
