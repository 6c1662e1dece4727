import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BorderlineError, createRng } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import type { Embedder, SavableClassifier } from '../contracts';
import { describeClassifierConformance } from '../testing/conformance';
import { decodeLocalClassifier } from './classifier-codec';
import { priorShift } from './head-training';
import { loadLocalClassifier } from './load-local-classifier';
import { createLocalClassifier } from './local-classifier';
import { createLocalEmbedder } from './local-embedder';

describeClassifierConformance(
  'local large, prior calibration',
  () =>
    createLocalClassifier({ size: 'large', embedder: createLocalEmbedder(), seed: 7, calibration: 'prior' }),
  { load: (bytes) => loadLocalClassifier(bytes, { embedder: createLocalEmbedder() }) },
);

const DIMENSIONS = 8;
const PRIOR = 0.15;
/** Class means at -MU and +MU in each dimension, unit variance: the classes overlap (Bayes error ~ 9 %). */
const MU = 0.25;

/**
 * Exactly PRIOR x count positives (every third row or so, so train and test share the prior exactly), x ~ N(+-MU, I).
 * The true posterior is known: logit = log(PRIOR / (1 - PRIOR)) + 2 MU sum(x).
 */
function priorSet(count: number, seed: number) {
  const rng = createRng(seed);
  const rows = new Float32Array(count * DIMENSIONS);
  const labels = new Uint8Array(count);
  const posterior = new Float64Array(count);
  for (let row = 0; row < count; row++) {
    labels[row] = Math.floor((row + 1) * PRIOR) > Math.floor(row * PRIOR) ? 1 : 0;
    let sum = 0;
    for (let d = 0; d < DIMENSIONS; d++) {
      const value = rng.normal(labels[row] === 1 ? MU : -MU, 1);
      rows[row * DIMENSIONS + d] = value;
      sum += value;
    }
    posterior[row] = 1 / (1 + Math.exp(-(Math.log(PRIOR / (1 - PRIOR)) + 2 * MU * sum)));
  }
  return { rows, labels, posterior };
}

const vectorsOnly: Embedder = {
  specificationVersion: 'v1',
  provider: 'test',
  modelId: 'prior-8',
  dimensions: DIMENSIONS,
  embed: async () => {
    throw new Error('vectors only');
  },
};

const mean = (values: Float64Array) => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('prior calibration', () => {
  const train = priorSet(3000, 11);
  const test = priorSet(4000, 12);
  const share = mean(Float64Array.from(test.labels));
  it('draws the prior exactly', () => {
    expect(share).toBeCloseTo(PRIOR, 12);
    expect(mean(Float64Array.from(train.labels))).toBeCloseTo(PRIOR, 12);
  });

  for (const size of ['small', 'large'] as const) {
    it(`${size}: the corrected probabilities average the prior and track the true posterior`, async () => {
      const scoresOf = async (calibration: 'balanced' | 'prior') => {
        const base = createLocalClassifier({ size, embedder: vectorsOnly, seed: 3, calibration });
        const model = await base.head!.adaptEmbedded(train.rows, train.labels);
        return model.head!.classifyEmbedded(test.rows);
      };
      const corrected = await scoresOf('prior');
      const balanced = await scoresOf('balanced');
      expect(Math.abs(mean(corrected) - share)).toBeLessThan(0.02);
      // The tolerance discriminates: the uncorrected head is far off the prior.
      expect(mean(balanced) - share).toBeGreaterThan(0.15);
      let error = 0;
      for (let row = 0; row < test.posterior.length; row++)
        error += Math.abs(corrected[row]! - test.posterior[row]!);
      expect(error / test.posterior.length).toBeLessThan(size === 'small' ? 0.03 : 0.05);
    });
  }

  it('shifts by the example-weighted log odds, and not at all for one class', () => {
    const labels = Uint8Array.of(1, 0, 0, 0);
    expect(priorShift({ rows: new Float32Array(0), labels })).toBeCloseTo(Math.log(1 / 3), 12);
    const weights = Float32Array.of(3, 1, 1, 1);
    expect(priorShift({ rows: new Float32Array(0), labels, weights })).toBe(0);
    expect(priorShift({ rows: new Float32Array(0), labels: Uint8Array.of(1, 1) })).toBe(0);
    expect(priorShift({ rows: new Float32Array(0), labels: new Uint8Array(0) })).toBe(0);
  });

  it('changes only the output bias: the same ranking as balanced', async () => {
    const small = train.rows.subarray(0, 400 * DIMENSIONS);
    const labels = train.labels.subarray(0, 400);
    const scores = async (calibration: 'balanced' | 'prior') => {
      const base = createLocalClassifier({ size: 'large', embedder: vectorsOnly, seed: 4, calibration });
      return (await base.head!.adaptEmbedded(small, labels)).head!.classifyEmbedded(test.rows);
    };
    const balanced = await scores('balanced');
    const corrected = await scores('prior');
    const shift = priorShift({ rows: small, labels });
    expect(shift).toBeLessThan(-1);
    for (let row = 0; row < 200; row++) {
      const logit = (p: number) => Math.log(p / (1 - p));
      expect(logit(corrected[row]!) - logit(balanced[row]!)).toBeCloseTo(shift, 6);
    }
  });

  it('keeps the calibration through save, load and the next adapt', async () => {
    const base = createLocalClassifier({
      size: 'small',
      embedder: vectorsOnly,
      seed: 2,
      calibration: 'prior',
    });
    const trained = await base.head!.adaptEmbedded(
      train.rows.subarray(0, 800),
      train.labels.subarray(0, 100),
    );
    const loaded = loadLocalClassifier((trained as SavableClassifier).save(), { embedder: vectorsOnly });
    expect(decodeLocalClassifier(loaded.save()).calibration).toBe('prior');
    const again = await loaded.head!.adaptEmbedded(
      train.rows.subarray(0, 800),
      train.labels.subarray(0, 100),
    );
    expect(Array.from(await again.head!.classifyEmbedded(test.rows))).toEqual(
      Array.from(await trained.head!.classifyEmbedded(test.rows)),
    );
  });

  it('rejects an unknown calibration, in options and in a file', () => {
    expect(() =>
      createLocalClassifier({ size: 'small', embedder: vectorsOnly, calibration: 'platt' as never }),
    ).toThrow(/unknown calibration/);
    const bytes = Buffer.from(createLocalClassifier({ size: 'small', embedder: vectorsOnly }).save());
    const tampered = Buffer.from(bytes.toString('latin1').replace('"balanced"', '"platt___"'), 'latin1');
    const error = (() => {
      try {
        decodeLocalClassifier(tampered);
      } catch (caught) {
        return caught;
      }
    })();
    expect(BorderlineError.is(error) && error.code).toBe('invalid-data');
    expect(String((error as Error).message)).toMatch(/unknown calibration/);
  });
});

describe('model files of format 1 (before calibration)', () => {
  const fixtures = join(import.meta.dirname, '__fixtures__');
  const recorded = JSON.parse(readFileSync(join(fixtures, 'format1-scores.json'), 'utf8')) as {
    small: number[];
    large: number[];
    rows: number[];
  };
  const embedder: Embedder = { ...vectorsOnly, modelId: 'format1-4', dimensions: 4 };

  for (const size of ['small', 'large'] as const) {
    it(`${size} loads as balanced and scores exactly as when it was saved`, async () => {
      const bytes = readFileSync(join(fixtures, `format1-${size}.bin`));
      expect(JSON.parse(bytes.toString('utf8', 12, 12 + bytes.readUInt32LE(8))).format).toBe(1);
      const model = loadLocalClassifier(new Uint8Array(bytes), { embedder });
      const scores = await model.head!.classifyEmbedded(Float32Array.from(recorded.rows));
      expect(Array.from(scores)).toEqual(recorded[size]);
      const state = decodeLocalClassifier(model.save());
      expect(state.calibration).toBe('balanced');
      const resaved = Buffer.from(model.save());
      expect(JSON.parse(resaved.toString('utf8', 12, 12 + resaved.readUInt32LE(8))).format).toBe(2);
    });

    it(`${size}: balanced training is what it was: retraining the fixture's set gives the recorded scores`, async () => {
      const count = 40;
      const rows = new Float32Array(count * 4);
      const labels = new Uint8Array(count);
      for (let row = 0; row < count; row++) {
        labels[row] = row % 4 === 0 ? 1 : 0;
        for (let d = 0; d < 4; d++)
          rows[row * 4 + d] = Math.sin(row * 7 + d * 3) + (labels[row] ? 1 : -0.5) * (d + 1) * 0.3;
      }
      expect(Array.from(rows.subarray(0, 16))).toEqual(recorded.rows);
      const base = createLocalClassifier({ size, embedder, seed: 5, hiddenUnits: 3 });
      const model = await base.head!.adaptEmbedded(rows, labels);
      expect(Array.from(await model.head!.classifyEmbedded(rows.subarray(0, 16)))).toEqual(recorded[size]);
    });
  }
});
