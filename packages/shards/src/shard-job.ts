import type { EmbedderName } from './embedders';
import type { PassName } from './pass-spec';
import type { ShardEntry } from './shard-manifest';

/** The fully resolved inputs of an embed job. */
export interface EmbedParams {
  readonly pass: 'embed';
  readonly embedder: EmbedderName;
}

/** The fully resolved inputs of a score job (absolute paths, checked hashes). */
export interface ScoreParams {
  readonly pass: 'score';
  readonly modelFile: string;
  readonly modelSha256: string;
  readonly version: number;
  readonly embedder: EmbedderName;
  /** The shard's embed output. */
  readonly vectorsFile: string;
}

/** The fully resolved inputs of an assign job (absolute paths, hashed inputs). */
export interface AssignParams {
  readonly pass: 'assign';
  readonly centresFile: string;
  readonly centresSha256: string;
  readonly whichFile: string;
  readonly whichSha256: string;
  readonly embedder: EmbedderName;
  /** The shard's embed output. */
  readonly vectorsFile: string;
}

/** A job's inputs, by pass. */
export type JobParams = EmbedParams | ScoreParams | AssignParams;

/**
 * One pass over one shard: plain JSON, so it crosses a process or a queue as is. Its output is keyed by
 * (pass, shard, inputHash): `key` is both the queue's job id and the output file's name, so adding or running a
 * job twice does nothing twice. Paths are absolute: every worker must see the dataset and the output folder at
 * the same paths (shared storage).
 */
export interface ShardJob {
  readonly pass: PassName;
  readonly shard: number;
  /** Hash of the shard's sha256 and the pass's parameters (16 hex digits). */
  readonly inputHash: string;
  /** `<pass>-<shard>-<inputHash>`. */
  readonly key: string;
  /** The output file, `<outDir>/<pass>/<shard>-<inputHash>.bin`. */
  readonly output: string;
  /** The dataset folder (the manifest's `dir`). */
  readonly dataset: string;
  readonly entry: ShardEntry;
  readonly params: JobParams;
}
