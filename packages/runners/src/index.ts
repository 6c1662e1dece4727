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
export {
  createGemini,
  type GeminiClassifier,
  type GeminiClassifierOptions,
  type GeminiEmbedderOptions,
  type GeminiProvider,
} from './hosted/gemini';
export type { GeminiSettings } from './hosted/gemini-client';
export type { LabelOutcome } from './hosted/label-runner';
export { createModelAnnotator, type ModelAnnotatorOptions } from './hosted/model-annotator';
export type { OpenAIClassifier, OpenAIClassifierOptions } from './hosted/openai-classifier';
export type { OpenAICompatibleSettings } from './hosted/openai-client';
export { createOpenAICompatible, type OpenAICompatibleProvider } from './hosted/openai-compatible';
export type { OpenAIEmbedderOptions } from './hosted/openai-embedder';
export type { FineTuneOptions } from './hosted/openai-fine-tune';
export type { HostedPolicy } from './hosted/prompt';
export type { ResponseStore } from './hosted/response-cache';
export type { HostedWarning } from './hosted/retry';
export type { HostedSettings } from './hosted/settings';
export {
  createLlamaCpp,
  type LlamaCppClassifier,
  type LlamaCppClassifierOptions,
  type LlamaCppProvider,
  type LlamaCppSettings,
} from './llama-cpp/llama-cpp';
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

/** @borderline/runners — see README.md. */
export const packageName = '@borderline/runners';
