import type { Example, Item, Label, Role } from '@borderline/core';

/**
 * The runner contracts, version 1. Every model, embedder and annotator implementation satisfies one of these;
 * the loop, the CLI and the replay see nothing else. Models are immutable: `adapt` returns a new version.
 */

/** Options of every call: cancellation. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** Progress of a long `adapt` (training epochs, fine-tuning job polls). */
export type AdaptProgress =
  | { readonly type: 'epoch'; readonly epoch: number; readonly epochs: number; readonly loss: number }
  | { readonly type: 'job'; readonly jobId: string; readonly status: string };

/** Options of `adapt`. */
export interface AdaptOptions extends CallOptions {
  readonly onProgress?: (progress: AdaptProgress) => void;
}

/** A text classifier: P(positive) per text. */
export interface Classifier {
  readonly specificationVersion: 'v1';
  /** e.g. `local`, `openai`, `gemini`, `llama-cpp`, `zero-shot`. */
  readonly provider: string;
  /** Stable identity of the model family, e.g. `local-large`. */
  readonly modelId: string;
  /** 0 for the base model, +1 for each `adapt`. */
  readonly version: number;
  /** P(positive) for each text, in order. */
  classify(texts: readonly string[], options?: CallOptions): Promise<Float64Array>;
  /** A new classifier adapted to the examples (fine-tuned, re-prompted, or a retrained head). This one is unchanged. */
  adapt(examples: readonly Example[], options?: AdaptOptions): Promise<Classifier>;
  /**
   * Present when the classifier is a head over an embedder. Callers that already hold that embedder's vectors
   * (the loop embeds the pool once) score and adapt on them directly instead of embedding again.
   */
  readonly head?: EmbeddingHead;
}

/** The fast path of a classifier that is a head over an embedder's vectors. */
export interface EmbeddingHead {
  /** `modelId` of the embedder whose vectors this head reads. */
  readonly embedderId: string;
  readonly dimensions: number;
  /** P(positive) for each row of an n x dimensions row-major matrix. */
  classifyEmbedded(embeddings: Float32Array, options?: CallOptions): Promise<Float64Array>;
  /** `adapt` on vectors: labels are 0/1 per row, weights optional (1 when absent). */
  adaptEmbedded(
    embeddings: Float32Array,
    labels: Uint8Array,
    options?: AdaptOptions & { readonly weights?: Float32Array },
  ): Promise<Classifier>;
}

/** A classifier that can be written to bytes and read back (local models). */
export interface SavableClassifier extends Classifier {
  save(): Uint8Array;
}

/** Texts to vectors. */
export interface Embedder {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  /** Identity of the vector space; two embedders with the same id give the same vectors. */
  readonly modelId: string;
  readonly dimensions: number;
  /** n x dimensions, row-major. */
  embed(texts: readonly string[], options?: CallOptions): Promise<Float32Array>;
}

/** The outcome for one item: labels (a panel gives several), or unavailable with the reason. Never invented. */
export type Annotation =
  | { readonly status: 'labelled'; readonly item: string; readonly labels: readonly Label[] }
  | { readonly status: 'unavailable'; readonly item: string; readonly reason: string };

/** Anything that labels items: an LLM, a simulated panel, recorded human judgments, a review queue. */
export interface Annotator {
  readonly specificationVersion: 'v1';
  readonly id: string;
  readonly role: Role;
  annotate(items: readonly Item[], options?: CallOptions): Promise<readonly Annotation[]>;
}
