export {
  BorderlineError,
  type BorderlineErrorOptions,
  type DataIssue,
  type DataLocation,
  dataError,
  type ErrorCode,
  formatDataIssue,
  invalidArgument,
  throwIfAborted,
} from './errors';
export { createLabelSet, type LabelSet } from './label-set';
export { createRng, hash32, type Rng, type Seed } from './rng';
export type {
  AdaptOptions,
  AdaptProgress,
  Annotation,
  Annotator,
  CallOptions,
  Classifier,
  Embedder,
  EmbeddingHead,
  RunnerSpecificationVersion,
  SavableClassifier,
} from './runner-contracts';
export { type DatasetManifest, type Example, type Item, type Label, ROLES, type Role } from './types';
export { matrixShards, shardOf, shardRows, type VectorShards } from './vector-shards';
