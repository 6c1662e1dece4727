import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import { describeEmbedderConformance } from '../testing/conformance';
import { createLocalEmbedder, LOCAL_EMBEDDER_DIMENSIONS } from './local-embedder';
import { loadWordVectors } from './vector-cache';

const directory = tempDir('borderline-embedder-').dir;

describeEmbedderConformance('local (the installed GloVe vectors)', () => createLocalEmbedder());

/** A tiny source in the package's own format: 100 values, the l2 norm, then the rank. */
function writeSource(words: readonly string[], name = 'vectors.json'): string {
  const vectors: Record<string, number[]> = {};
  words.forEach((word, rank) => {
    const values = Array.from({ length: 100 }, (_, d) =>
      d === rank % 100 ? 1.5 : 0.01 * ((d + rank) % 7) - 0.03,
    );
    vectors[word] = [...values, 1, rank];
  });
  const path = join(directory, name);
  const json = {
    precision: 8,
    l2NormIndex: 100,
    wordIndex: 101,
    size: words.length,
    dimensions: 100,
    words,
    vectors,
  };
  writeFileSync(path, JSON.stringify(json));
  return path;
}

describe('word-vector cache', () => {
  it('converts once, then reads the cache, and keeps rank order and escaped words', () => {
    const sourcePath = writeSource(['the', '"', 'cat', 'sat', '1e-5']);
    const cacheDir = join(directory, 'cache-a');
    const first = loadWordVectors({ sourcePath, cacheDir });
    expect(first.cache).toBe('converted');
    expect(first.words).toEqual(['the', '"', 'cat', 'sat', '1e-5']);
    expect(first.vectors[2 * 100 + 2]).toBeCloseTo(1.5, 6);
    const second = loadWordVectors({ sourcePath, cacheDir });
    expect(second.cache).toBe('hit');
    expect(Array.from(second.vectors)).toEqual(Array.from(first.vectors));
  });

  it('rehashes a touched source and keeps the cache when the content is the same', () => {
    const sourcePath = writeSource(['a', 'b'], 'touched.json');
    const cacheDir = join(directory, 'cache-b');
    loadWordVectors({ sourcePath, cacheDir });
    utimesSync(sourcePath, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(loadWordVectors({ sourcePath, cacheDir }).cache).toBe('hit');
    // The new stamp was recorded: the next load trusts it without hashing (still a hit).
    expect(loadWordVectors({ sourcePath, cacheDir }).cache).toBe('hit');
    writeSource(['a', 'c'], 'touched.json');
    const changed = loadWordVectors({ sourcePath, cacheDir });
    expect(changed.cache).toBe('converted');
    expect(changed.words).toEqual(['a', 'c']);
  });

  it('still returns the vectors, with a warning, when the cache cannot be written', () => {
    const sourcePath = writeSource(['p', 'q'], 'unwritable.json');
    // A file where the cache directory should be: mkdir fails.
    const blocker = join(directory, 'blocker');
    writeFileSync(blocker, '');
    const loaded = loadWordVectors({ sourcePath, cacheDir: join(blocker, 'cache') });
    expect(loaded.words).toEqual(['p', 'q']);
    expect(loaded.warning).toMatch(/cannot write the cache/);
  });

  it('treats a truncated cache as missing', () => {
    const sourcePath = writeSource(['x', 'y'], 'truncated.json');
    const cacheDir = join(directory, 'cache-c');
    const { cachePath } = loadWordVectors({ sourcePath, cacheDir });
    writeFileSync(cachePath, readFileSync(cachePath).subarray(0, 150));
    expect(loadWordVectors({ sourcePath, cacheDir }).cache).toBe('converted');
  });
});

describe('createLocalEmbedder', () => {
  const sourcePath = writeSource(['the', 'cat', 'sat', 'on', 'mat']);
  const embedder = createLocalEmbedder({ sourcePath, cacheDir: join(directory, 'cache-e') });

  it('gives unit rows of the documented width, zeros for a text without tokens', async () => {
    const out = await embedder.embed(['The cat sat', '', '!!!', 'zyxwv']);
    expect(out.length).toBe(4 * LOCAL_EMBEDDER_DIMENSIONS);
    const norms = [0, 1, 2, 3].map((row) =>
      Math.hypot(...out.subarray(row * LOCAL_EMBEDDER_DIMENSIONS, (row + 1) * LOCAL_EMBEDDER_DIMENSIONS)),
    );
    expect(norms[0]).toBeCloseTo(1, 5);
    expect(norms[1]).toBe(0);
    expect(norms[2]).toBe(0);
    // An unknown word still counts through its hashed n-grams.
    expect(norms[3]).toBeCloseTo(1, 5);
  });

  it('lower-cases and splits on non-letters', async () => {
    const out = await embedder.embed(['THE-CAT sat', 'the cat, sat']);
    const width = LOCAL_EMBEDDER_DIMENSIONS;
    expect(Array.from(out.subarray(0, width))).toEqual(Array.from(out.subarray(width)));
  });

  it('tells unknown words apart', async () => {
    const out = await embedder.embed(['qwerty', 'asdfgh']);
    const width = LOCAL_EMBEDDER_DIMENSIONS;
    expect(Array.from(out.subarray(0, width))).not.toEqual(Array.from(out.subarray(width)));
  });
});
