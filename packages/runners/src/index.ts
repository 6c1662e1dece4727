/**
 * `@borderline/runners`: the runner contracts (declared in `@borderline/core`), the local offline runners, the
 * recorded panel and the helpers every provider shares. It imports no provider SDK: the hosted and in-process
 * runners are on their own entries, `@borderline/runners/openai`, `/gemini` and `/llama-cpp`.
 */
export type * from './contracts';
export type { BatchOptions, BatchProgress } from './hosted/batch-protocol';
export type { LabelOutcome } from './hosted/label-runner';
export { createModelAnnotator, type ModelAnnotatorOptions } from './hosted/model-annotator';
export type { HostedPolicy } from './hosted/prompt';
export type { ResponseStore } from './hosted/response-cache';
export type { HostedWarning } from './hosted/retry';
export type { HostedSettings } from './hosted/settings';
export { resolveCacheDir } from './local/cache-dir';
export type { TrainingConfig } from './local/head-training';
export {
  type LoadLocalClassifierOptions,
  loadLocalClassifier,
  localClassifierEmbedding,
} from './local/load-local-classifier';
export {
  createLocalClassifier,
  DEFAULT_CALIBRATION,
  type LocalClassifierCalibration,
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
  NEUTRAL_TEXTS,
  ZERO_SHOT_CALIBRATION,
  type ZeroShotClassifierOptions,
} from './local/zero-shot-classifier';
export { createRecordedPanel, type RecordedPanelOptions } from './recorded/recorded-panel';
export {
  type EmbeddingCacheOptions,
  embeddingCacheDirectory,
  withEmbeddingCache,
} from './use-lite/embedding-cache';
export {
  createUseLiteEmbedder,
  USE_LITE_BATCH_TOKENS,
  USE_LITE_DIMENSIONS,
  USE_LITE_EMBEDDER_ID,
  type UseLiteEmbedderOptions,
} from './use-lite/use-lite-embedder';
