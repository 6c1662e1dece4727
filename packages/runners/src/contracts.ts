/**
 * The runner contracts (version `v1`) are declared in `@borderline/core` (`src/runner-contracts.ts`), the leaf
 * package, so stages that pass runners around depend on no implementation. Re-exported here so
 * `import type { Classifier } from '@borderline/runners'` keeps working.
 */
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
} from '@borderline/core';
