import { BorderlineError, createRng } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import type { Embedder } from '../contracts';
import { describeClassifierConformance } from '../testing/conformance';
import { loadLocalClassifier, localClassifierEmbedding } from './load-local-classifier';
import { createLocalClassifier } from './local-classifier';
import { createLocalEmbedder } from './local-embedder';

const embedder = createLocalEmbedder();

for (const size of ['small', 'large'] as const) {
  describeClassifierConformance(`local ${size}`, () => createLocalClassifier({ size, embedder, seed: 7 }), {
    load: (bytes) => loadLocalClassifier(bytes, { embedder }),
  });
}

/** Two Gaussian blobs in 8 dimensions, labels by blob. */
function blobs(count: number, seed: number) {
  const rng = createRng(seed);
  const rows = new Float32Array(count * 8);
  const labels = new Uint8Array(count);
  for (let row = 0; row < count; row++) {
    labels[row] = row % 2;
    for (let d = 0; d < 8; d++) rows[row * 8 + d] = rng.normal(labels[row] === 1 ? 1 : -1, 1);
  }
  return { rows, labels };
}

const vectorsOnly: Embedder = {
  specificationVersion: 'v1',
  provider: 'test',
  modelId: 'blobs-8',
  dimensions: 8,
  embed: async () => {
    throw new Error('vectors only');
  },
};

describe('createLocalClassifier on vectors', () => {
  for (const size of ['small', 'large'] as const) {
    it(`${size} learns two separated blobs`, async () => {
      const train = blobs(400, 1);
      const test = blobs(400, 2);
      const base = createLocalClassifier({ size, embedder: vectorsOnly, seed: 3 });
      const model = await base.head!.adaptEmbedded(train.rows, train.labels);
      const p = await model.head!.classifyEmbedded(test.rows);
      let correct = 0;
      for (let row = 0; row < 400; row++) if ((p[row]! >= 0.5 ? 1 : 0) === test.labels[row]) correct++;
      expect(correct / 400).toBeGreaterThan(0.9);
    });
  }

  it('weighs classes so a rare class is still found', async () => {
    const { rows, labels } = blobs(400, 4);
    // Keep every negative and one positive in ten.
    const keep = Array.from(labels.keys()).filter((row) => labels[row] === 0 || row % 20 === 1);
    const subsetRows = new Float32Array(keep.length * 8);
    keep.forEach((row, index) => {
      subsetRows.set(rows.subarray(row * 8, row * 8 + 8), index * 8);
    });
    const subsetLabels = Uint8Array.from(keep.map((row) => labels[row]!));
    const model = await createLocalClassifier({ size: 'small', embedder: vectorsOnly }).head!.adaptEmbedded(
      subsetRows,
      subsetLabels,
    );
    const test = blobs(400, 5);
    const p = await model.head!.classifyEmbedded(test.rows);
    let found = 0;
    for (let row = 1; row < 400; row += 2) if (p[row]! >= 0.5) found++;
    expect(found / 200).toBeGreaterThan(0.8);
  });

  it('trains from the base, not from the previous version', async () => {
    const { rows, labels } = blobs(100, 6);
    const base = createLocalClassifier({ size: 'large', embedder: vectorsOnly, seed: 1 });
    const once = await base.head!.adaptEmbedded(rows, labels);
    const twice = await (await once.head!.adaptEmbedded(rows, labels)).head!.classifyEmbedded(rows);
    expect(Array.from(twice)).toEqual(Array.from(await once.head!.classifyEmbedded(rows)));
  });

  it('gives defined results for no examples and for one class', async () => {
    const base = createLocalClassifier({ size: 'small', embedder: vectorsOnly });
    const empty = await base.head!.adaptEmbedded(new Float32Array(0), new Uint8Array(0));
    expect(empty.version).toBe(1);
    expect(Array.from(await empty.head!.classifyEmbedded(new Float32Array(8)))).toEqual([0.5]);
    const { rows } = blobs(20, 7);
    const allPositive = await base.head!.adaptEmbedded(rows, new Uint8Array(20).fill(1));
    const p = await allPositive.head!.classifyEmbedded(rows);
    for (const value of p) expect(value).toBeGreaterThan(0.5);
  });

  it('rejects malformed training sets with a named error', async () => {
    const base = createLocalClassifier({ size: 'small', embedder: vectorsOnly });
    const bad = [
      () => base.head!.adaptEmbedded(new Float32Array(7), new Uint8Array(1)),
      () => base.head!.adaptEmbedded(new Float32Array(8), new Uint8Array(2)),
      () => base.head!.adaptEmbedded(new Float32Array(8), Uint8Array.of(2)),
      () => base.head!.adaptEmbedded(Float32Array.of(Number.NaN, 0, 0, 0, 0, 0, 0, 0), Uint8Array.of(1)),
      () => base.head!.adaptEmbedded(new Float32Array(8), Uint8Array.of(1), { weights: Float32Array.of(-1) }),
    ];
    for (const call of bad) {
      const error = await call().catch((caught: unknown) => caught);
      expect(BorderlineError.is(error) && error.code).toBe('invalid-argument');
    }
  });

  it('rejects an unknown size and a large model without hidden units', () => {
    expect(() => createLocalClassifier({ size: 'huge' as never, embedder: vectorsOnly })).toThrow(
      /unknown size/,
    );
    expect(() => createLocalClassifier({ size: 'large', embedder: vectorsOnly, hiddenUnits: 0 })).toThrow(
      /hiddenUnits/,
    );
  });

  it('refuses to load with an embedder of another space', async () => {
    const bytes = createLocalClassifier({ size: 'small', embedder: vectorsOnly }).save();
    expect(() => loadLocalClassifier(bytes, { embedder })).toThrow(/blobs-8/);
    expect(() => loadLocalClassifier(bytes.subarray(0, 20), { embedder: vectorsOnly })).toThrow(
      BorderlineError,
    );
  });

  it('names the embedding a saved model reads from its header, and refuses a corrupt file as invalid data', () => {
    const bytes = createLocalClassifier({ size: 'large', embedder: vectorsOnly }).save();
    expect(localClassifierEmbedding(bytes)).toEqual({
      embedderId: vectorsOnly.modelId,
      dimensions: vectorsOnly.dimensions,
    });
    const error = (() => {
      try {
        return localClassifierEmbedding(bytes.subarray(0, 20));
      } catch (caught) {
        return caught;
      }
    })();
    expect(BorderlineError.is(error) && error.code).toBe('invalid-data');
  });

  it('checks the whole file when it names the embedding: a wrong total length is invalid data', () => {
    const bytes = createLocalClassifier({ size: 'small', embedder: vectorsOnly }).save();
    const longer = new Uint8Array(bytes.length + 8);
    longer.set(bytes);
    for (const tampered of [bytes.subarray(0, bytes.length - 8), longer]) {
      expect(() => localClassifierEmbedding(tampered)).toThrow(/wrong length/);
      expect(() => localClassifierEmbedding(tampered)).toThrow(BorderlineError);
    }
  });
});
