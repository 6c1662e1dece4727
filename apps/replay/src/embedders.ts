import {
  createLocalEmbedder,
  createUseLiteEmbedder,
  type Embedder,
  withEmbeddingCache,
} from '@borderline/runners';
import type { ReplayEmbedder } from './options';

/**
 * The embedder of a replay: USE-lite (a pretrained sentence encoder, cached by content under the cache dir) or
 * the GloVe-average local embedder. One per run: the cache wrapper reads its folder on first use.
 */
export function replayEmbedder(kind: ReplayEmbedder): Embedder {
  return kind === 'use-lite' ? withEmbeddingCache(createUseLiteEmbedder()) : createLocalEmbedder();
}
