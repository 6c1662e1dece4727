import { BorderlineError } from '@borderline/core';
import type { Embedder, EmbeddingHead, SavableClassifier } from '../contracts';
import { decodeLocalClassifier, readClassifierHeader } from './classifier-codec';
import { buildLocalClassifier, checkPrior } from './local-classifier';

/** Options of {@link loadLocalClassifier}. */
export interface LoadLocalClassifierOptions {
  /** An embedder of the same `modelId` and width as the one the classifier was trained on. */
  readonly embedder: Embedder;
  /** The prior it was trained with (`LocalClassifierOptions.prior`); required exactly when it had one. */
  readonly prior?: EmbeddingHead;
}

/** Reads bytes written by `save()` of a local classifier; it scores exactly like the one that was saved. */
export function loadLocalClassifier(
  bytes: Uint8Array,
  options: LoadLocalClassifierOptions,
): SavableClassifier {
  const state = decodeLocalClassifier(bytes);
  const { embedder } = options;
  const { dimensions } = state.base;
  if (embedder.modelId !== state.embedderId || embedder.dimensions !== dimensions) {
    throw new BorderlineError({
      code: 'invalid-argument',
      message: `loadLocalClassifier: trained on ${state.embedderId} (${dimensions}-d), given ${embedder.modelId} (${embedder.dimensions}-d)`,
    });
  }
  if (options.prior !== undefined) checkPrior(options.prior, embedder);
  return buildLocalClassifier(state, embedder, options.prior);
}

/**
 * The embedding a saved local classifier reads: its embedder's `modelId` and width, from the file's header (the
 * format is checked as `loadLocalClassifier` checks it, so a corrupt file is `invalid-data`). For a caller that
 * holds several embedders and must pick the one to load with, without building any of them.
 */
export function localClassifierEmbedding(bytes: Uint8Array): {
  readonly embedderId: string;
  readonly dimensions: number;
} {
  const { embedderId, dimensions } = readClassifierHeader(bytes).header;
  return { embedderId, dimensions };
}
