import { readFileSync } from 'node:fs';
import { createRng } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { describeEmbedderConformance } from '../testing/conformance';
import { planLengthBatches } from './length-buckets';
import { createUseLiteEmbedder, USE_LITE_DIMENSIONS, useLiteTokenizer } from './use-lite-embedder';

interface Fixture {
  readonly texts: readonly { text: string; tokens: number[]; vector: string | null }[];
  readonly tokenOnly: readonly { text: string; tokens: number[] }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/use-lite-reference.json', import.meta.url), 'utf8'),
) as Fixture;
const decode = (base64: string) => {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};
const embedder = createUseLiteEmbedder();
const width = USE_LITE_DIMENSIONS;
const row = (matrix: Float32Array, index: number) =>
  Array.from(matrix.subarray(index * width, (index + 1) * width));

describeEmbedderConformance('use-lite', () => embedder);

describe('USE-lite tokenizer', () => {
  it('segments every fixture text exactly as the reference tokenizer', async () => {
    const tokenizer = await useLiteTokenizer();
    for (const { text, tokens } of [...fixture.texts, ...fixture.tokenOnly]) {
      expect(Array.from(tokenizer.encode(text)), JSON.stringify(text)).toEqual(tokens);
    }
  });

  it('packs many texts with offsets', async () => {
    const tokenizer = await useLiteTokenizer();
    const texts = fixture.texts.map((entry) => entry.text);
    const { tokens, offsets } = tokenizer.encodeAll(texts);
    texts.forEach((_text, index) => {
      expect(Array.from(tokens.subarray(offsets[index]!, offsets[index + 1]!))).toEqual(
        fixture.texts[index]!.tokens,
      );
    });
  });
});

describe('createUseLiteEmbedder', () => {
  const withVectors = fixture.texts.filter((entry) => entry.vector !== null);

  it('matches the reference vectors to 1e-5, embedded in one call', async () => {
    const vectors = await embedder.embed(withVectors.map((entry) => entry.text));
    withVectors.forEach((entry, index) => {
      const expected = decode(entry.vector!);
      let worst = 0;
      for (let d = 0; d < width; d++)
        worst = Math.max(worst, Math.abs(vectors[index * width + d]! - expected[d]!));
      expect(worst, JSON.stringify(entry.text)).toBeLessThan(1e-5);
    });
  });

  it('gives a text the same vector alone, among longer texts and shuffled', async () => {
    const texts = withVectors.map((entry) => entry.text);
    const together = await embedder.embed(texts);
    const order = Array.from(createRng('use-lite-shuffle').sample(texts.length, texts.length));
    const shuffled = await embedder.embed(order.map((index) => texts[index]!));
    order.forEach((index, position) => {
      expect(row(shuffled, position)).toEqual(row(together, index));
    });
    for (const index of [1, 4, 8]) {
      const alone = await embedder.embed([texts[index]!]);
      expect(row(alone, 0)).toEqual(row(together, index));
    }
    // Repeated among longer texts: several texts of the same length share a pass of any size.
    const crowd = [...Array(40).fill(texts[8]!), texts[texts.length - 1]!, texts[8]!];
    const crowded = await embedder.embed(crowd);
    expect(row(crowded, 41)).toEqual(row(together, 8));
    expect(row(crowded, 0)).toEqual(row(together, 8));
  });

  it('gives the same vectors on one thread as on two', async () => {
    const texts = withVectors.map((entry) => entry.text);
    const one = await createUseLiteEmbedder({ threads: 1, batchTokens: 64 }).embed(texts);
    const two = await createUseLiteEmbedder({ threads: 2, batchTokens: 64 }).embed(texts);
    expect(Array.from(two)).toEqual(Array.from(one));
  });

  it('gives a zero row to a text without tokens, and unit-norm rows otherwise', async () => {
    const vectors = await embedder.embed(['', 'hello world']);
    expect(row(vectors, 0).every((value) => value === 0)).toBe(true);
    expect(Math.hypot(...row(vectors, 1))).toBeCloseTo(1, 4);
  });

  it('stops between passes when aborted during a call', async () => {
    const controller = new AbortController();
    const texts = Array.from({ length: 50 }, (_, index) => 'word '.repeat(index + 1));
    const pending = embedder.embed(texts, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('refuses a bad batch size and non-string texts', async () => {
    expect(() => createUseLiteEmbedder({ batchTokens: 0 })).toThrow(/batchTokens/);
    expect(() => createUseLiteEmbedder({ threads: 1.5 })).toThrow(/threads/);
    await expect(embedder.embed([1 as unknown as string])).rejects.toThrow(/texts\[0\]/);
  });
});

describe('planLengthBatches', () => {
  it('buckets by exact length, stable, passes within the token budget, empty texts left out', () => {
    // Lengths: 3, 0, 1, 3, 3, 1.
    const offsets = Int32Array.from([0, 3, 3, 4, 7, 10, 11]);
    const plan = planLengthBatches(offsets, 6);
    expect(Array.from(plan.order)).toEqual([2, 5, 0, 3, 4]);
    expect(plan.batches).toEqual([
      { start: 0, rows: 2, length: 1 },
      { start: 2, rows: 2, length: 3 },
      { start: 4, rows: 1, length: 3 },
    ]);
    expect(plan.tokens).toBe(11);
    // A text longer than the budget still gets a pass of its own.
    expect(planLengthBatches(Int32Array.from([0, 9]), 4).batches).toEqual([{ start: 0, rows: 1, length: 9 }]);
  });
});
