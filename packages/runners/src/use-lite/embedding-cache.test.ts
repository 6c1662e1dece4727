import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import type { Embedder } from '../contracts';
import { describeEmbedderConformance } from '../testing/conformance';
import { embeddingCacheDirectory, withEmbeddingCache } from './embedding-cache';
import { KEY_BYTES, readSegments } from './segment-files';

const root = tempDir('borderline-embedding-cache-').dir;

/** A deterministic embedder that counts the texts it is asked to embed. */
function countingEmbedder(modelId = 'fake-8'): Embedder & { readonly asked: string[] } {
  const asked: string[] = [];
  return {
    specificationVersion: 'v1',
    provider: 'test',
    modelId,
    dimensions: 8,
    asked,
    embed: async (texts) => {
      asked.push(...texts);
      const out = new Float32Array(texts.length * 8);
      texts.forEach((text, row) => {
        const digest = createHash('sha256').update(text).digest();
        for (let d = 0; d < 8; d++) out[row * 8 + d] = digest[d]! / 255 - 0.5;
      });
      return out;
    },
  };
}

describeEmbedderConformance('embedding cache over a deterministic embedder', () =>
  withEmbeddingCache(countingEmbedder(), { cacheDir: join(root, 'conformance') }),
);

describe('withEmbeddingCache', () => {
  it('embeds each distinct text once, and a second run embeds nothing', async () => {
    const cacheDir = join(root, 'runs');
    const texts = ['alpha', 'beta', 'alpha', 'gamma', ''];
    const first = countingEmbedder();
    const one = await withEmbeddingCache(first, { cacheDir }).embed(texts);
    expect(first.asked).toEqual(['alpha', 'beta', 'gamma', '']);
    expect(Array.from(one)).toEqual(Array.from(await countingEmbedder().embed(texts)));
    const second = countingEmbedder();
    const cached = withEmbeddingCache(second, { cacheDir });
    const two = await cached.embed([...texts].reverse());
    expect(second.asked).toEqual([]);
    expect(Array.from(two)).toEqual(Array.from(await countingEmbedder().embed([...texts].reverse())));
    // Only the new text is embedded; the same wrapper remembers it.
    await cached.embed(['delta', 'alpha']);
    await cached.embed(['delta']);
    expect(second.asked).toEqual(['delta']);
  });

  it('stores Float32 rows, one folder per model id', async () => {
    const cacheDir = join(root, 'layout');
    const embedder = countingEmbedder('fake/with:odd chars');
    await withEmbeddingCache(embedder, { cacheDir }).embed(['a', 'b', 'c']);
    const directory = embeddingCacheDirectory(embedder, cacheDir);
    const [segment] = readdirSync(directory);
    expect(statSync(join(directory, segment!)).size).toBe(16 + 3 * (KEY_BYTES + 8 * 4));
    expect(directory).not.toBe(embeddingCacheDirectory(countingEmbedder('other'), cacheDir));
    const other = countingEmbedder('other');
    await withEmbeddingCache(other, { cacheDir }).embed(['a']);
    expect(other.asked).toEqual(['a']);
  });

  it('merges many segments into one when opened, and skips a foreign file', async () => {
    const cacheDir = join(root, 'compact');
    const embedder = countingEmbedder();
    for (let run = 0; run < 5; run++) {
      await withEmbeddingCache(embedder, { cacheDir }).embed([`text ${run}`, 'shared']);
    }
    const directory = embeddingCacheDirectory(embedder, cacheDir);
    writeFileSync(join(directory, 'zzz.seg'), 'not a segment');
    const warnings: string[] = [];
    const fresh = countingEmbedder();
    const vectors = await withEmbeddingCache(fresh, {
      cacheDir,
      compactAbove: 2,
      onWarning: (w) => warnings.push(w),
    }).embed(['text 0', 'text 4', 'shared']);
    expect(fresh.asked).toEqual([]);
    expect(Array.from(vectors)).toEqual(
      Array.from(await countingEmbedder().embed(['text 0', 'text 4', 'shared'])),
    );
    expect(warnings.join('\n')).toMatch(/zzz\.seg/);
    expect(readSegments(directory, 8).segments.map((segment) => segment.count)).toEqual([6]);
  });

  it('still returns vectors, with a warning, when the cache cannot be written', async () => {
    const blocker = join(root, 'blocker');
    writeFileSync(blocker, '');
    const warnings: string[] = [];
    const embedder = withEmbeddingCache(countingEmbedder(), {
      cacheDir: join(blocker, 'cache'),
      onWarning: (warning) => warnings.push(warning),
    });
    expect((await embedder.embed(['x'])).length).toBe(8);
    expect(warnings.join('\n')).toMatch(/cannot write/);
  });

  it('keeps every row whole when two processes write and merge at once', async () => {
    const scratch = join(root, 'race');
    mkdirSync(scratch, { recursive: true });
    const source = readFileSync(new URL('./segment-files.ts', import.meta.url), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    const modulePath = join(scratch, 'segment-files.mjs');
    writeFileSync(modulePath, outputText);
    const directory = join(scratch, 'cache');
    // Each writer: 200 segments of 5 rows (keys and values derived from writer and row), merging every 25.
    const writer = `import { createHash } from 'node:crypto';
import { compactSegments, readSegments, writeSegment } from ${JSON.stringify(modulePath)};
const [directory, name] = process.argv.slice(1);
const row = (key) => { const d = createHash('sha256').update(key).digest(); return Float32Array.from({ length: 8 }, (_, i) => d[i]); };
for (let segment = 0; segment < 200; segment++) {
  const keys = new Uint8Array(5 * 16); const vectors = new Float32Array(5 * 8);
  for (let r = 0; r < 5; r++) {
    const key = name + '-' + segment + '-' + r;
    keys.set(createHash('sha256').update(key).digest().subarray(0, 16), r * 16);
    vectors.set(row(key), r * 8);
  }
  writeSegment(directory, keys, vectors, 8);
  if (segment % 25 === 24) compactSegments(directory, readSegments(directory, 8).segments, 8);
}`;
    const run = (name: string) =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', writer, directory, name], {
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        child.on('exit', (code) => resolve(code ?? 1));
      });
    expect(await Promise.all([run('a'), run('b')])).toEqual([0, 0]);
    const { segments, skipped } = readSegments(directory, 8);
    expect(skipped).toEqual([]);
    expect(readdirSync(directory).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const found = new Map<string, number[]>();
    for (const segment of segments) {
      for (let r = 0; r < segment.count; r++) {
        const key = Buffer.from(segment.keys.subarray(r * 16, (r + 1) * 16)).toString('hex');
        found.set(key, Array.from(segment.vectors.subarray(r * 8, (r + 1) * 8)));
      }
    }
    for (const name of ['a', 'b']) {
      for (let segment = 0; segment < 200; segment++) {
        for (let r = 0; r < 5; r++) {
          const digest = createHash('sha256').update(`${name}-${segment}-${r}`).digest();
          const vector = found.get(digest.subarray(0, 16).toString('hex'));
          expect(vector).toEqual(Array.from(digest.subarray(0, 8)));
        }
      }
    }
  });
});
