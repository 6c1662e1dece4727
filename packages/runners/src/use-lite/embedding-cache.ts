import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { BorderlineError, invalidArgument, throwIfAborted } from '@borderline/core';
import type { CallOptions, Embedder } from '../contracts';
import { resolveCacheDir } from '../local/cache-dir';
import { compactSegments, KEY_BYTES, readSegments, writeSegment } from './segment-files';

/** Options of {@link withEmbeddingCache}. */
export interface EmbeddingCacheOptions {
  /** Defaults to {@link resolveCacheDir}; vectors go under `embeddings/<model>/` there. */
  readonly cacheDir?: string;
  /** Told when new vectors could not be written (they are still returned) or a segment was unreadable. */
  readonly onWarning?: (message: string) => void;
  /** Segments on disk above which opening the cache merges them into one; default 16. */
  readonly compactAbove?: number;
}

interface Store {
  /** Row of each cached text: `segment * 2^26 + row`. */
  readonly index: Map<string, number>;
  readonly segments: Float32Array[];
}

const ROW_BITS = 2 ** 26;

/** The folder holding an embedder's cached vectors: one per model id and width. */
export function embeddingCacheDirectory(embedder: Embedder, cacheDir: string = resolveCacheDir()): string {
  const identity = `${embedder.modelId}\u0000${embedder.dimensions}`;
  const slug = embedder.modelId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
  return join(
    cacheDir,
    'embeddings',
    `${slug}-${createHash('sha256').update(identity).digest('hex').slice(0, 12)}`,
  );
}

/**
 * Wraps any embedder with a cache by content: a text's vector is stored under the embedder's model id and the
 * text's SHA-256, in Float32 segment files under the cache directory, so a second run over the same texts embeds
 * nothing. Only the texts not cached are passed to `embedder` (each distinct text once), in one call. New vectors
 * are written as a new segment (a temporary file renamed into place): processes sharing the directory never see a
 * partial file. The folder is read on the first `embed` of each wrapper (create one per run): it then sees every
 * segment written before, by any process. Cached vectors are held in memory as the Float32 segments themselves;
 * a call returns a fresh n x dimensions Float32Array.
 */
export function withEmbeddingCache(embedder: Embedder, options: EmbeddingCacheOptions = {}): Embedder {
  const compactAbove = options.compactAbove ?? 16;
  if (!Number.isInteger(compactAbove) || compactAbove < 1) {
    throw invalidArgument('embedding-cache', 'compactAbove must be a positive integer');
  }
  const directory = embeddingCacheDirectory(embedder, options.cacheDir);
  const { dimensions } = embedder;
  let opened: Store | undefined;
  const open = (): Store => {
    opened ??= openStore(directory, dimensions, compactAbove, options.onWarning);
    return opened;
  };
  return {
    specificationVersion: 'v1',
    provider: embedder.provider,
    modelId: embedder.modelId,
    dimensions,
    embed: async (texts: readonly string[], callOptions: CallOptions = {}) => {
      if (!Array.isArray(texts))
        throw invalidArgument('embedding-cache', 'texts must be an array of strings');
      throwIfAborted(callOptions.signal, 'embedding-cache');
      const store = open();
      const ids = textKeys(texts);
      const missing = new Map<string, string>();
      ids.forEach((id, index) => {
        if (!store.index.has(id) && !missing.has(id)) missing.set(id, texts[index]!);
      });
      if (missing.size > 0) {
        const vectors = await embedMissing(embedder, dimensions, missing, callOptions);
        remember(store, directory, [...missing.keys()], vectors, dimensions, options.onWarning);
      }
      return gatherRows(store, ids, dimensions);
    },
  };
}

/** The cache key of each text: the first `KEY_BYTES` of its SHA-256, as a latin1 string. */
function textKeys(texts: readonly string[]): string[] {
  return texts.map((text, index) => {
    if (typeof text !== 'string') throw invalidArgument('embedding-cache', `texts[${index}] is not a string`);
    return createHash('sha256').update(text).digest().toString('latin1', 0, KEY_BYTES);
  });
}

/** Embeds the texts not cached (key to text, each once) in one call, checking the answer's size. */
async function embedMissing(
  embedder: Embedder,
  dimensions: number,
  missing: ReadonlyMap<string, string>,
  callOptions: CallOptions,
): Promise<Float32Array> {
  const vectors = await embedder.embed([...missing.values()], callOptions);
  if (!(vectors instanceof Float32Array) || vectors.length !== missing.size * dimensions) {
    throw new BorderlineError({
      code: 'runner',
      message: `embedding-cache: ${embedder.modelId} gave ${vectors.length} values for ${missing.size} texts`,
    });
  }
  return vectors;
}

/** A fresh ids.length x dimensions array of the cached vectors, in the order of `ids`. */
function gatherRows(store: Store, ids: readonly string[], dimensions: number): Float32Array {
  const out = new Float32Array(ids.length * dimensions);
  ids.forEach((id, index) => {
    const at = store.index.get(id)!;
    const segment = store.segments[Math.floor(at / ROW_BITS)]!;
    const row = at % ROW_BITS;
    out.set(segment.subarray(row * dimensions, (row + 1) * dimensions), index * dimensions);
  });
  return out;
}

function openStore(
  directory: string,
  dimensions: number,
  compactAbove: number,
  onWarning: ((message: string) => void) | undefined,
): Store {
  let { segments, skipped } = readSegments(directory, dimensions);
  for (const name of skipped)
    onWarning?.(`embedding-cache: skipped the unreadable segment ${join(directory, name)}`);
  if (segments.length > compactAbove) {
    try {
      compactSegments(directory, segments, dimensions);
      ({ segments } = readSegments(directory, dimensions));
    } catch (error) {
      onWarning?.(`embedding-cache: cannot merge the segments in ${directory}: ${String(error)}`);
    }
  }
  const store: Store = { index: new Map(), segments: [] };
  for (const segment of segments) {
    const ids: string[] = [];
    for (let row = 0; row < segment.count; row++) {
      ids.push(
        Buffer.from(segment.keys.buffer, segment.keys.byteOffset + row * KEY_BYTES, KEY_BYTES).toString(
          'latin1',
        ),
      );
    }
    add(store, ids, segment.vectors);
  }
  return store;
}

function add(store: Store, ids: readonly string[], vectors: Float32Array): void {
  const base = store.segments.length * ROW_BITS;
  store.segments.push(vectors);
  ids.forEach((id, row) => {
    if (!store.index.has(id)) store.index.set(id, base + row);
  });
}

function remember(
  store: Store,
  directory: string,
  ids: readonly string[],
  vectors: Float32Array,
  dimensions: number,
  onWarning: ((message: string) => void) | undefined,
): void {
  const keys = new Uint8Array(ids.length * KEY_BYTES);
  ids.forEach((id, row) => {
    keys.set(Buffer.from(id, 'latin1'), row * KEY_BYTES);
  });
  try {
    writeSegment(directory, keys, vectors, dimensions);
  } catch (error) {
    onWarning?.(`embedding-cache: cannot write to ${directory}: ${String(error)}`);
  }
  add(store, ids, vectors);
}
