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
export {
  createLocalEmbedder,
  LOCAL_EMBEDDER_DIMENSIONS,
  LOCAL_EMBEDDER_ID,
  type LocalEmbedderOptions,
} from './local/local-embedder';
export { type LoadedVectors, loadWordVectors, type VectorCacheOptions } from './local/vector-cache';

/** @borderline/runners — see README.md. */
export const packageName = '@borderline/runners';
