import type { Seed } from '@borderline/core';

/** What every sampling policy reads: the pool's vectors and the current model's view of it. */
export interface SelectionInput {
  /** n x dimensions, row-major. */
  readonly embeddings: Float32Array;
  readonly dimensions: number;
  /** The current model's label per item: 1 positive, 0 negative. */
  readonly predicted: Uint8Array;
  /** The current model's P(positive) per item, when it has one. */
  readonly scores?: Float64Array;
  /** 1 for items already sent to review; they are never selected again. */
  readonly reviewed: Uint8Array;
  /** How many items to select (a pair counts as two). */
  readonly budget: number;
  readonly seed: Seed;
  readonly signal?: AbortSignal;
}

/** Why and from where a boundary pair was chosen. */
export interface BoundaryPair {
  /** Item indices: `positive` was predicted positive, `negative` negative. */
  readonly positive: number;
  readonly negative: number;
  readonly positiveCluster: number;
  readonly negativeCluster: number;
  /** Euclidean distance between the two items. */
  readonly distance: number;
  /** The overlap figure of the two clusters under the chosen overlap test. */
  readonly overlap: number;
  /** Human-readable reason, e.g. "farthest-first rank 3 of 140 candidate pairs". */
  readonly reason: string;
}

/** A policy's answer: distinct, unreviewed item indices in selection order. */
export interface Selection {
  readonly policy: string;
  readonly items: Int32Array;
  /**
   * The policy that chose each item, parallel to `items` (a fallback-filled item names the fallback). Every policy
   * made by `createPolicy` sets it; absent, every item was chosen by `policy`.
   */
  readonly chosenBy?: readonly string[];
  /**
   * When a fallback policy filled a short batch: which one, how many items it filled, and `from`, the rank of its
   * first item (its items are ranks `from` to `from + items - 1`; a planned share by the same policy, boundary
   * pairs' `uncertaintyShare`, is not among them).
   */
  readonly fallback?: { readonly policy: string; readonly items: number; readonly from: number };
  /** Boundary-pair policies say which pairs they chose. */
  readonly pairs?: readonly BoundaryPair[];
  /** Degenerate inputs and fallbacks are reported here, never silently. */
  readonly warnings: readonly string[];
}

/** A sampling policy: the same interface for boundary pairs and every baseline. */
export type SamplingPolicy = (input: SelectionInput) => Promise<Selection>;
