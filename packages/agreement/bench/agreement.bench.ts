import { createRng } from '@borderline/core';
import { bench, describe } from 'vitest';
import { cohenKappa, fleissKappa, krippendorffAlpha, pairwiseKappa } from '../src/index';

// Targets (issue 3): Cohen's kappa over 10M pairs < 100 ms; pairwise matrix of 10 annotators x 1M items < 2 s.
const rng = createRng('agreement-bench');

function noisyCopy(truth: Int32Array, agreement: number, categories: number): Int32Array {
  return truth.map((label) => (rng.float() < agreement ? label : rng.int(0, categories)));
}

const PAIRS = 10_000_000;
const truth = Int32Array.from({ length: PAIRS }, () => (rng.float() < 0.05 ? 1 : 0));
const a = noisyCopy(truth, 0.9, 2);
const b = noisyCopy(truth, 0.85, 2);
const truth5 = Int32Array.from({ length: PAIRS }, () => rng.int(0, 5));
const a5 = noisyCopy(truth5, 0.8, 5);
const b5 = noisyCopy(truth5, 0.8, 5);

const ITEMS = 1_000_000;
const ANNOTATORS = 10;
const panel = new Int32Array(ITEMS * ANNOTATORS);
for (let item = 0; item < ITEMS; item++) {
  const label = rng.float() < 0.3 ? 1 : 0;
  for (let annotator = 0; annotator < ANNOTATORS; annotator++) {
    // 20% missing: partial overlap, as in real panels.
    panel[item * ANNOTATORS + annotator] = rng.float() < 0.2 ? -1 : rng.float() < 0.85 ? label : 1 - label;
  }
}
const panelOptions = { annotators: ANNOTATORS, categories: 2 } as const;

describe('Cohen kappa, 10M pairs', () => {
  bench('2 categories, unweighted', () => {
    cohenKappa(a, b, { categories: 2 });
  });
  bench('5 categories, quadratic', () => {
    cohenKappa(a5, b5, { categories: 5, weights: 'quadratic' });
  });
});

describe('panel, 10 annotators x 1M items (20% missing)', () => {
  bench('pairwiseKappa (45 pairs)', () => {
    pairwiseKappa(panel, panelOptions);
  });
  bench('fleissKappa', () => {
    fleissKappa(panel, panelOptions);
  });
  bench('krippendorffAlpha nominal', () => {
    krippendorffAlpha(panel, panelOptions);
  });
});
