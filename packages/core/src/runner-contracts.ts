import type { Example, Item, Label, Role } from './types';

/**
 * The runner contracts, version 1. Every model, embedder and annotator implementation satisfies one of these;
 * the loop, the CLI and the replay see nothing else. They live in the leaf package so a stage that only passes
 * runners around (the loop, the simulation's panels) depends on no implementation and loads no SDK. Models are
 * immutable: `adapt` returns a new version.
 */

/** The contract version every runner declares as `specificationVersion`. A breaking change adds `'v2'`. */
export type RunnerSpecificationVersion = 'v1';

/** Options of every call: cancellation. One options object per call, never positional flags. */
export interface CallOptions {
  /** Aborts the call: it rejects with a `BorderlineError` of code `aborted`. */
  readonly signal?: AbortSignal;
}

/** Progress of a long `adapt` (training epochs, fine-tuning job polls). */
export type AdaptProgress =
  | { readonly type: 'epoch'; readonly epoch: number; readonly epochs: number; readonly loss: number }
  | { readonly type: 'job'; readonly jobId: string; readonly status: string };

/** Options of `adapt`. */
export interface AdaptOptions extends CallOptions {
  /** Receives training epochs or fine-tuning job states as they happen. */
  readonly onProgress?: (progress: AdaptProgress) => void;
}

/**
 * A text classifier: P(positive) per text.
 *
 * What `adapt(examples)` starts from. The contract: `examples` is the complete training set of the new version
 * (callers pass every example gathered so far, not only the new ones), and the new version is `version + 1` of
 * this classifier's `modelId`. Whether the new version starts from the base model (version 0) or from this
 * version's learned state differs between implementations today:
 * - local (`small`, `large`): from the base. Every `adapt` retrains from version 0's initial weights on exactly
 *   `examples`; what this version learned is not reused.
 * - OpenAI-compatible (default `adapt: 'few-shot'`), Gemini, llama.cpp: from the base. The new prompt holds the
 *   policy and exactly `examples`; the few-shot examples of this version (including those given at creation) are
 *   dropped.
 * - OpenAI-compatible with `adapt: 'fine-tune'`: from the current version. The fine-tuning job starts from this
 *   version's model, which after a first `adapt` is already a tuned model, so a cumulative set is learned again.
 * - zero-shot: from the current version. `examples` are appended to this version's few-shot set (the examples
 *   given at creation and every earlier `adapt`), so a cumulative set is counted more than once.
 * A caller that needs "from the base" whatever the implementation calls `adapt` on the version-0 classifier.
 * The loop's one executor does exactly that: every model version it makes is its base trainer adapted on every
 * fine-tune example so far, so a run means the same thing whichever implementation it uses.
 */
export interface Classifier {
  readonly specificationVersion: RunnerSpecificationVersion;
  /** e.g. `local`, `openai`, `gemini`, `llama-cpp`, `zero-shot`. */
  readonly provider: string;
  /** Stable identity of the model family, e.g. `local-large`. */
  readonly modelId: string;
  /** 0 for the base model, +1 for each `adapt`. */
  readonly version: number;
  /** P(positive) for each text, in order. */
  classify(texts: readonly string[], options?: CallOptions): Promise<Float64Array>;
  /**
   * A new classifier adapted to `examples`, the whole training set of the new version (fine-tuned, re-prompted,
   * or a retrained head). This one is unchanged. See the interface's note for what each implementation starts
   * from.
   */
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
  /**
   * `adapt` on vectors: labels are 0/1 per row, weights optional (1 when absent). Starts from the same model as
   * the classifier's `adapt`.
   */
  adaptEmbedded(
    embeddings: Float32Array,
    labels: Uint8Array,
    options?: AdaptOptions & { readonly weights?: Float32Array },
  ): Promise<Classifier>;
}

/** A classifier that can be written to bytes and read back (local models). */
export interface SavableClassifier extends Classifier {
  /** The whole model; the implementation's loader reads it back into a classifier that scores identically. */
  save(): Uint8Array;
}

/** Texts to vectors. */
export interface Embedder {
  readonly specificationVersion: RunnerSpecificationVersion;
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
  readonly specificationVersion: RunnerSpecificationVersion;
  readonly id: string;
  /** The role of every label it gives. */
  readonly role: Role;
  /** One annotation per item, in order. */
  annotate(items: readonly Item[], options?: CallOptions): Promise<readonly Annotation[]>;
}
