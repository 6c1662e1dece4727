import { BorderlineError, createRng } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import type { Embedder, EmbeddingHead } from '../contracts';
import { decodeLocalClassifier } from './classifier-codec';
import { loadLocalClassifier } from './load-local-classifier';
import { createLocalClassifier } from './local-classifier';

const DIMENSIONS = 6;

const vectorsOnly: Embedder = {
  specificationVersion: 'v1',
  provider: 'test',
  modelId: 'prior-test-6',
  dimensions: DIMENSIONS,
  embed: async () => {
    throw new Error('vectors only');
  },
};

/** A head scoring sigmoid(logit(row)): the prior's known function of the vectors. */
function headOf(logit: (row: Float32Array) => number, embedderId = vectorsOnly.modelId): EmbeddingHead {
  return {
    embedderId,
    dimensions: DIMENSIONS,
    classifyEmbedded: async (embeddings) => {
      const count = embeddings.length / DIMENSIONS;
      const out = new Float64Array(count);
      for (let row = 0; row < count; row++) {
        out[row] = 1 / (1 + Math.exp(-logit(embeddings.subarray(row * DIMENSIONS, (row + 1) * DIMENSIONS))));
      }
      return out;
    },
    adaptEmbedded: async () => {
      throw new Error('not adapted in these tests');
    },
  };
}

/** Standard normal rows; labels drawn from sigmoid(truth(row)). */
function draw(count: number, seed: number, truth: (row: Float32Array) => number) {
  const rng = createRng(seed);
  const rows = new Float32Array(count * DIMENSIONS);
  for (let index = 0; index < rows.length; index++) rows[index] = rng.normal(0, 1);
  const labels = new Uint8Array(count);
  for (let row = 0; row < count; row++) {
    const p = 1 / (1 + Math.exp(-truth(rows.subarray(row * DIMENSIONS, (row + 1) * DIMENSIONS))));
    labels[row] = rng.float() < p ? 1 : 0;
  }
  return { rows, labels };
}

function accuracy(scores: Float64Array, labels: Uint8Array): number {
  let correct = 0;
  for (let row = 0; row < labels.length; row++)
    correct += (scores[row]! >= 0.5 ? 1 : 0) === labels[row] ? 1 : 0;
  return correct / labels.length;
}

// A rule no linear head of the vectors can express, so only the prior carries it.
const product = (row: Float32Array) => row[0]! * row[1]!;

describe('createLocalClassifier with a prior', () => {
  for (const size of ['small', 'large'] as const) {
    it(`${size}: version 0 scores exactly as the prior`, async () => {
      const prior = headOf((row) => 3 * product(row) - 0.5);
      const model = createLocalClassifier({ size, embedder: vectorsOnly, seed: 2, prior });
      const { rows } = draw(50, 1, product);
      const expected = await prior.classifyEmbedded(rows);
      const scores = await model.head!.classifyEmbedded(rows);
      for (let row = 0; row < 50; row++) expect(scores[row]).toBeCloseTo(expected[row]!, 12);
    });

    it(`${size}: a few examples keep what the prior knew`, async () => {
      const truth = (row: Float32Array) => 4 * product(row);
      const prior = headOf(truth);
      const train = draw(12, 3, truth);
      const test = draw(2000, 4, truth);
      const plain = createLocalClassifier({ size, embedder: vectorsOnly, seed: 5 });
      const warm = createLocalClassifier({ size, embedder: vectorsOnly, seed: 5, prior });
      const plainScores = await (
        await plain.head!.adaptEmbedded(train.rows, train.labels)
      ).head!.classifyEmbedded(test.rows);
      const warmScores = await (
        await warm.head!.adaptEmbedded(train.rows, train.labels)
      ).head!.classifyEmbedded(test.rows);
      // Without the prior a linear or small head on 12 examples is near chance on a product rule.
      expect(accuracy(plainScores, test.labels)).toBeLessThan(0.65);
      expect(accuracy(warmScores, test.labels)).toBeGreaterThan(0.75);
    });
  }

  it('small: learns the prior coefficient (a Platt rescaling of the prior)', async () => {
    // Labels follow sigmoid(4 x0 x1); the prior says 2 x0 x1, so the coefficient should come out near 2.
    const train = draw(4000, 6, (row) => 4 * product(row));
    const prior = headOf((row) => 2 * product(row));
    const base = createLocalClassifier({ size: 'small', embedder: vectorsOnly, seed: 1, prior });
    const model = await base.head!.adaptEmbedded(train.rows, train.labels);
    const state = decodeLocalClassifier((model as ReturnType<typeof createLocalClassifier>).save());
    expect(state.base.priorCoefficient).toBe(1);
    expect(state.weights.priorCoefficient).toBeGreaterThan(1.6);
    expect(state.weights.priorCoefficient).toBeLessThan(2.4);
  });

  it('small: an uninformative prior (always 0.5) changes nothing', async () => {
    const train = draw(300, 7, (row) => 2 * row[2]!);
    const test = draw(200, 8, (row) => 2 * row[2]!);
    const plain = createLocalClassifier({ size: 'small', embedder: vectorsOnly, seed: 9 });
    const flat = createLocalClassifier({
      size: 'small',
      embedder: vectorsOnly,
      seed: 9,
      prior: headOf(() => 0),
    });
    const a = await (await plain.head!.adaptEmbedded(train.rows, train.labels)).head!.classifyEmbedded(
      test.rows,
    );
    const b = await (await flat.head!.adaptEmbedded(train.rows, train.labels)).head!.classifyEmbedded(
      test.rows,
    );
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('saves the coefficient and needs the same prior to load', async () => {
    const prior = headOf((row) => 2 * product(row));
    const train = draw(200, 10, (row) => 3 * product(row) + row[3]!);
    const test = draw(100, 11, product);
    const trained = await createLocalClassifier({
      size: 'large',
      embedder: vectorsOnly,
      seed: 4,
      prior,
    }).head!.adaptEmbedded(train.rows, train.labels);
    const bytes = (trained as ReturnType<typeof createLocalClassifier>).save();
    const loaded = loadLocalClassifier(bytes, { embedder: vectorsOnly, prior });
    expect(Array.from(await loaded.head!.classifyEmbedded(test.rows))).toEqual(
      Array.from(await trained.head!.classifyEmbedded(test.rows)),
    );
    expect(() => loadLocalClassifier(bytes, { embedder: vectorsOnly })).toThrow(/trained with a prior/);
    const plain = createLocalClassifier({ size: 'small', embedder: vectorsOnly, seed: 4 }).save();
    expect(() => loadLocalClassifier(plain, { embedder: vectorsOnly, prior })).toThrow(/has no prior/);
    // Without a prior the bytes stay format 2, as before the prior existed.
    expect(
      JSON.parse(Buffer.from(plain).toString('utf8', 12, 12 + Buffer.from(plain).readUInt32LE(8))).format,
    ).toBe(2);
  });

  it('refuses a prior that reads other vectors', () => {
    expect(() =>
      createLocalClassifier({
        size: 'small',
        embedder: vectorsOnly,
        prior: headOf(product, 'other-embedder'),
      }),
    ).toThrow(BorderlineError);
  });
});
