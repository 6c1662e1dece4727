import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import {
  describeAnnotatorConformance,
  describeClassifierConformance,
  describeEmbedderConformance,
} from '../testing/conformance';
import { createLlamaCpp, type LlamaCppProvider, labelGrammar } from './llama-cpp';
import { tinyGguf, writeTinyGguf } from './tiny-gguf';

const policy = { description: 'Headlines that withhold the point.', labels: ['news', 'bait'] as const };

describe('tiny GGUF writer', () => {
  it('writes a GGUF v3 header and the same bytes for the same seed', () => {
    const bytes = tinyGguf({ seed: 3 });
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(Buffer.from(bytes.subarray(0, 4)).toString('ascii')).toBe('GGUF');
    expect(view.getUint32(4, true)).toBe(3);
    expect(Number(view.getBigUint64(8, true))).toBe(3 + 9); // 3 global tensors + 9 per block
    expect(Buffer.from(tinyGguf({ seed: 3 })).equals(Buffer.from(bytes))).toBe(true);
    expect(Buffer.from(tinyGguf({ seed: 4 })).equals(Buffer.from(bytes))).toBe(false);
  });
});

describe('label grammar', () => {
  it('admits exactly the two JSON answers, escaping quotes and backslashes', () => {
    expect(labelGrammar(['no', 'yes'])).toBe('root ::= "{\\"label\\":\\"no\\"}" | "{\\"label\\":\\"yes\\"}"');
    expect(labelGrammar(['a"b', 'c\\d'])).toContain('\\"a\\\\\\"b\\"');
  });
});

describe('llama-cpp settings', () => {
  it('says what to install when node-llama-cpp is missing', async () => {
    const path = writeTinyGguf(join(tempDir('borderline-gguf-').dir, 'tiny.gguf'));
    const importer = () => Promise.reject(new Error("Cannot find package 'node-llama-cpp'"));
    await expect(createLlamaCpp({ modelPath: path, importer })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('pnpm add node-llama-cpp'),
    });
  });

  it('names a missing model file', async () => {
    await expect(createLlamaCpp({ modelPath: '/nonexistent/model.gguf' })).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});

// The real engine on a generated random-weight model: shapes and contracts only, no quality claim.
describe('llama-cpp on a tiny random GGUF', () => {
  const temp = tempDir('borderline-gguf-');
  let provider: LlamaCppProvider;

  beforeAll(async () => {
    const modelPath = writeTinyGguf(join(temp.dir, 'tiny.gguf'), { contextLength: 2048 });
    // One thread: ggml's worker threads spin-wait, and on a shared 2-core machine that made each call ~100x slower.
    provider = await createLlamaCpp({ modelPath, contextSize: 2048, threads: 1 });
  }, 120_000);
  afterAll(async () => {
    await provider?.dispose();
  });

  it('labels every text with one of the two names through the grammar, P(positive) in [0, 1]', async () => {
    const classifier = provider.classifier({ policy });
    const outcomes = await classifier.label(['You will not believe this', 'Rates rise', 'Top 10 tricks']);
    expect(outcomes).toHaveLength(3);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('labelled');
      if (outcome.status !== 'labelled') continue;
      expect(outcome.probability).toBeGreaterThanOrEqual(0);
      expect(outcome.probability).toBeLessThanOrEqual(1);
      // The label is the side of 0.5 the probability falls on, or the grammar's choice when they tie.
      expect([0, 1]).toContain(outcome.label);
    }
    const again = await classifier.classify(['Rates rise']);
    expect(again[0]).toBe((outcomes[1] as { probability: number }).probability);
  }, 120_000);

  it('adapts to a new few-shot version and annotates with its id and role', async () => {
    const base = provider.classifier({ policy });
    const next = await base.adapt([{ text: 'Shocking!', label: 1 }]);
    expect([base.version, next.version]).toEqual([0, 1]);
    const annotator = provider.annotator({ policy, id: 'tiny', role: 'crowd' });
    const [annotation] = await annotator.annotate([{ id: 'x', text: 'hello' }]);
    expect(annotation?.status).toBe('labelled');
    if (annotation?.status === 'labelled') {
      expect(annotation.labels[0]).toMatchObject({ item: 'x', annotator: 'tiny', role: 'crowd' });
      expect(['news', 'bait']).toContain(annotation.labels[0]!.label);
    }
  }, 120_000);

  it('embeds to n x dimensions finite rows, the same text to the same row', async () => {
    const embedder = provider.embedder();
    expect(embedder.dimensions).toBe(32);
    const matrix = await embedder.embed(['alpha', 'beta', 'alpha']);
    expect(matrix).toHaveLength(3 * 32);
    expect(matrix.every(Number.isFinite)).toBe(true);
    expect(Array.from(matrix.subarray(0, 32))).toEqual(Array.from(matrix.subarray(64, 96)));
    expect(Array.from(matrix.subarray(0, 32))).not.toEqual(Array.from(matrix.subarray(32, 64)));
  }, 120_000);

  it('stops when the signal has fired', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      provider.classifier({ policy }).classify(['x'], { signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'aborted',
    });
  });
});

describe('llama-cpp conformance', () => {
  const temp = tempDir('borderline-gguf-');
  let loading: Promise<LlamaCppProvider> | undefined;
  // One engine for every suite: loading it is the slow part.
  const provider = () => {
    const modelPath = writeTinyGguf(join(temp.dir, 'tiny.gguf'), { contextLength: 2048, seed: 7 });
    loading ??= createLlamaCpp({ modelPath, contextSize: 2048, threads: 1 });
    return loading;
  };
  afterAll(async () => {
    await (await loading)?.dispose();
  });
  describeClassifierConformance('llama-cpp', async () => (await provider()).classifier({ policy }));
  describeEmbedderConformance('llama-cpp', async () => (await provider()).embedder());
  describeAnnotatorConformance('llama-cpp', async () => (await provider()).annotator({ policy }));
});
