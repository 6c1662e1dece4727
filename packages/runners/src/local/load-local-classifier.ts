import { BorderlineError } from '@borderline/core';
import type { Embedder, SavableClassifier } from '../contracts';
import { decodeLocalClassifier } from './classifier-codec';
import { buildLocalClassifier } from './local-classifier';

/** Options of {@link loadLocalClassifier}. */
export interface LoadLocalClassifierOptions {
  /** An embedder of the same `modelId` and width as the one the classifier was trained on. */
  readonly embedder: Embedder;
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
  return buildLocalClassifier(state, embedder);
}
