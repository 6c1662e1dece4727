import { createRng, type Label } from '@borderline/core';
import { bench, describe } from 'vitest';
import {
  agreementReport,
  cohenKappa,
  fleissKappa,
  krippendorffAlpha,
  pairwiseKappa,
  sparsePairwiseKappa,
  sparsePanel,
} from '../src/index';

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

// Crowd scale (issue 14): 10,000 workers x 100,000 items, 5 workers per item, low-numbered workers doing most of
// the work. A dense items x annotators matrix would be 4 GB; the sparse panel holds the 500,000 labels.
const CROWD_ITEMS = 100_000;
const WORKERS = 10_000;
const PER_ITEM = 5;
const crowdColumns = {
  item: new Int32Array(CROWD_ITEMS * PER_ITEM),
  annotator: new Int32Array(CROWD_ITEMS * PER_ITEM),
  code: new Int32Array(CROWD_ITEMS * PER_ITEM),
};
const crowdLabels: Label[] = [];
for (let item = 0; item < CROWD_ITEMS; item++) {
  const truth = rng.float() < 0.3 ? 1 : 0;
  const chosen = new Set<number>();
  while (chosen.size < PER_ITEM) chosen.add(Math.floor(WORKERS * rng.float() ** 2));
  let slot = item * PER_ITEM;
  for (const worker of chosen) {
    const code = rng.float() < 0.8 ? truth : 1 - truth;
    crowdColumns.item[slot] = item;
    crowdColumns.annotator[slot] = worker;
    crowdColumns.code[slot++] = code;
    crowdLabels.push({
      item: `i${item}`,
      annotator: `w${worker}`,
      role: 'crowd',
      label: code ? 'yes' : 'no',
    });
  }
}
const crowdShape = { items: CROWD_ITEMS, annotators: WORKERS, categories: 2 } as const;

describe('crowd, 10,000 workers x 100,000 items (5 per item)', () => {
  bench('sparsePanel + sparsePairwiseKappa', () => {
    sparsePairwiseKappa(sparsePanel(crowdColumns, crowdShape));
  });
  bench('agreementReport from 500,000 Label objects (maxPairs 1,000)', () => {
    agreementReport(crowdLabels, { labelSet: ['no', 'yes'], maxPairs: 1000 });
  });
  bench('agreementReport, every pair, as JSON text', () => {
    JSON.stringify(agreementReport(crowdLabels, { labelSet: ['no', 'yes'] }));
  });
});
