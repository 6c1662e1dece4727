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
/** @borderline/runners — see README.md. */
export const packageName = '@borderline/runners';
