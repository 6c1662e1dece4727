import type { EmbedderName } from './embedders';

/** Embed every item of the pool: Float32 rows of the embedder's width. */
export interface EmbedSpec {
  readonly pass: 'embed';
  readonly embedder: EmbedderName;
}

/**
 * Score every item with a saved local classifier (a head over an embedder's vectors) on the vectors of the embed
 * pass: P(positive) per item. `modelFile` is a file written by the classifier's `save()` (e.g. a run's
 * `models/<sha256>.bin`); it must hash to `modelSha256`. `version` is the caller's number for the model (a run's
 * model version, part of the outputs' key), not the classifier's own version, which counts adaptations of its base.
 * `vectors` names the embed pass to read; without it, the embedder the model was trained on.
 */
export interface ScoreSpec {
  readonly pass: 'score';
  readonly modelFile: string;
  readonly modelSha256: string;
  readonly version: number;
  readonly vectors?: EmbedSpec;
}

/**
 * Assign every item to its nearest centre of one of several centre sets, on the vectors of the embed pass.
 * `centresFile` is an array file of the sets (see `writeAssignInputs`); `whichFile` one byte per pool item,
 * the set to use (255: skip the item).
 */
export interface AssignSpec {
  readonly pass: 'assign';
  readonly centresFile: string;
  readonly whichFile: string;
  readonly vectors: EmbedSpec;
}

/** Any pass. */
export type PassSpec = EmbedSpec | ScoreSpec | AssignSpec;

/** The passes by name. */
export type PassName = PassSpec['pass'];
