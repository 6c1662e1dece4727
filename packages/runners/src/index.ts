export type {
  AdaptOptions,
  AdaptProgress,
  Annotation,
  Annotator,
  CallOptions,
  Classifier,
  Embedder,
  EmbeddingHead,
  SavableClassifier,
} from './contracts';
export { resolveCacheDir } from './local/cache-dir';
export { type LoadLocalClassifierOptions, loadLocalClassifier } from './local/classifier-codec';
export type { TrainingConfig } from './local/head-training';
export {
  createLocalClassifier,
  type LocalClassifierOptions,
  type LocalClassifierSize,
  TRAINING_DEFAULTS,
} from './local/local-classifier';
export {
  createLocalEmbedder,
  LOCAL_EMBEDDER_DIMENSIONS,
  LOCAL_EMBEDDER_ID,
  type LocalEmbedderOptions,
} from './local/local-embedder';
export { type LoadedVectors, loadWordVectors, type VectorCacheOptions } from './local/vector-cache';
export {
  createZeroShotClassifier,
  ZERO_SHOT_CALIBRATION,
  type ZeroShotClassifierOptions,
} from './local/zero-shot-classifier';
export { createRecordedPanel, type RecordedPanelOptions } from './recorded/recorded-panel';

/** @borderline/runners — see README.md. */
export const packageName = '@borderline/runners';
