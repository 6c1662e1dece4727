import { createRng, type Label } from '@borderline/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreementReport } from './agreement-report';
import { cohenKappa } from './cohen-kappa';
import { pairwiseKappa } from './pairwise-kappa';
import { sparsePairwiseKappa } from './sparse-pairwise-kappa';
import { sparsePanel } from './sparse-panel';

/**
 * A crowd: `items` items, each labelled by `perItem` distinct workers of `workers`, labels agreeing 80%. With
 * `skewed`, low-numbered workers do most of the work (as on crowd platforms), so some pairs share many items.
 */
function crowd(workers: number, items: number, perItem: number, seed: string, skewed = false) {
  const rng = createRng(seed);
  const item: number[] = [];
  const annotator: number[] = [];
  const code: number[] = [];
  for (let row = 0; row < items; row++) {
    const truth = rng.float() < 0.3 ? 1 : 0;
    const chosen = new Set<number>();
    while (chosen.size < perItem)
      chosen.add(skewed ? Math.floor(workers * rng.float() ** 3) : rng.int(0, workers));
    for (const worker of chosen) {
      item.push(row);
      annotator.push(worker);
      code.push(rng.float() < 0.8 ? truth : 1 - truth);
    }
  }
  return { item: Int32Array.from(item), annotator: Int32Array.from(annotator), code: Int32Array.from(code) };
}

/** Cohen's kappa of two workers from scratch: their columns over the items both labelled. */
function bruteKappa(labels: ReturnType<typeof crowd>, items: number, a: number, b: number) {
  const left = new Int32Array(items).fill(-1);
  const right = new Int32Array(items).fill(-1);
  for (let j = 0; j < labels.code.length; j++) {
    if (labels.annotator[j] === a) left[labels.item[j]!] = labels.code[j]!;
    if (labels.annotator[j] === b) right[labels.item[j]!] = labels.code[j]!;
  }
  return cohenKappa(left, right, { categories: 2 });
}

describe('pairwise kappa over thousands of annotators (sparse: only pairs that co-labelled)', () => {
  it('equals Cohen per pair on 1,500 workers, past the dense buffer', () => {
    const labels = crowd(1500, 3000, 4, 'sorted-path');
    const panel = sparsePanel(labels, { items: 3000, annotators: 1500, categories: 2 });
    const result = sparsePairwiseKappa(panel);
    expect(result.totalPairs).toBe((1500 * 1499) / 2);
    expect(result.sharingPairs).toBeGreaterThan(10_000);
    expect(result.sharingPairs).toBeLessThanOrEqual(3000 * 6);
    let sum = 0;
    for (let at = 0; at < result.pairs; at += 97) {
      const expected = bruteKappa(labels, 3000, result.first[at]!, result.second[at]!);
      expect(result.n[at]).toBe(expected.n);
      if (expected.defined) expect(result.kappa[at]).toBeCloseTo(expected.kappa, 12);
      else expect(result.reason[at]).toBe(2);
    }
    for (let at = 0; at < result.pairs; at++) if (result.reason[at] === 0) sum += result.kappa[at]!;
    expect(result.meanPairwiseKappa).toBeCloseTo(sum / result.definedPairs, 12);
    for (let at = 1; at < result.pairs; at++) {
      const order =
        result.first[at - 1]! * 1500 + result.second[at - 1]! < result.first[at]! * 1500 + result.second[at]!;
      expect(order).toBe(true);
    }
  });

  it('gives the same pairs as the dense matrix path on small panels (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 5, maxLength: 5 }), {
          minLength: 1,
          maxLength: 30,
        }),
        (rows) => {
          const matrix = Int32Array.from(rows.flat());
          const dense = pairwiseKappa(matrix, { annotators: 5, categories: 3 });
          const item: number[] = [];
          const annotator: number[] = [];
          const code: number[] = [];
          // Shuffled input order: the panel sorts it.
          for (let cell = matrix.length - 1; cell >= 0; cell--) {
            if (matrix[cell]! < 0) continue;
            item.push(Math.floor(cell / 5));
            annotator.push(cell % 5);
            code.push(matrix[cell]!);
          }
          const panel = sparsePanel(
            {
              item: Int32Array.from(item),
              annotator: Int32Array.from(annotator),
              code: Int32Array.from(code),
            },
            { items: rows.length, annotators: 5, categories: 3 },
          );
          const sparse = sparsePairwiseKappa(panel);
          const sharing = dense.pairs.filter((pair) => pair.n > 0);
          expect(sparse.pairs).toBe(sharing.length);
          sharing.forEach((pair, at) => {
            expect([sparse.first[at], sparse.second[at], sparse.n[at]]).toEqual([pair.a, pair.b, pair.n]);
            if (pair.defined) expect(sparse.kappa[at]).toBeCloseTo(pair.kappa, 12);
          });
        },
      ),
    );
  });

  it('refuses an annotator labelling one item twice', () => {
    const twice = {
      item: Int32Array.from([0, 0]),
      annotator: Int32Array.from([1, 1]),
      code: Int32Array.from([0, 1]),
    };
    expect(() => sparsePanel(twice, { items: 1, annotators: 2, categories: 2 })).toThrow(
      /labels item 0 twice/,
    );
  });
});

function crowdLabels(workers: number, items: number, perItem: number, seed: string, skewed = false): Label[] {
  const labels = crowd(workers, items, perItem, seed, skewed);
  return Array.from(labels.code, (code, j) => ({
    item: `i${labels.item[j]}`,
    annotator: `w${labels.annotator[j]}`,
    role: 'crowd' as const,
    label: code === 1 ? 'yes' : 'no',
  }));
}

describe('agreementReport on a crowd', () => {
  it('handles 10,000 workers (a dense items x annotators panel would be 800 MB) and lists a bounded set of pairs', () => {
    const labels = crowdLabels(10_000, 20_000, 3, 'ten-thousand', true);
    const report = agreementReport(labels, { labelSet: ['no', 'yes'], maxPairs: 100 });
    expect(report.annotators.length).toBeGreaterThan(5_000);
    expect(report.items).toBe(20_000);
    expect(report.labels).toBe(60_000);
    expect(report.totalPairs).toBe((report.annotators.length * (report.annotators.length - 1)) / 2);
    expect(report.pairs).toHaveLength(100);
    expect(report.comparedPairs).toBeGreaterThan(50_000);
    // The listed pairs share the most items: none left out shares more than the least listed.
    const every = agreementReport(labels, { labelSet: ['no', 'yes'] });
    expect(every.pairs).toHaveLength(every.comparedPairs);
    const cut = every.pairs.map((pair) => pair.n).sort((x, y) => y - x)[99]!;
    expect(cut).toBeGreaterThan(1);
    expect(report.pairs.every((pair) => pair.n >= cut)).toBe(true);
    const above = every.pairs.filter((pair) => pair.n > cut);
    expect(report.pairs).toEqual(expect.arrayContaining(above));
    expect(report.meanPairwiseKappa).toBe(every.meanPairwiseKappa);
    expect(report.meanPairwiseKappa).not.toBeNull();
    expect(report.warnings.length).toBeLessThanOrEqual(6);
    expect(JSON.stringify(report).length).toBeLessThan(2_000_000);
  });

  it('summarises undefined pairs in one line, never one per pair (1,000 workers gave 475,000 lines)', () => {
    const labels = crowdLabels(1000, 5000, 3, 'warnings');
    const report = agreementReport(labels, { labelSet: ['no', 'yes'] });
    expect(report.comparedPairs).toBeGreaterThan(10_000);
    expect(report.pairs).toHaveLength(report.comparedPairs);
    expect(report.warnings.length).toBeLessThanOrEqual(6);
    expect(report.warnings.join('\n')).toMatch(/^\d+ pairs have an undefined kappa .* and \d+ more$/m);
  });

  it('lists the pairs that share the most items, in annotator order, and honours minItems in the mean', () => {
    const labels: Label[] = [];
    const add = (annotator: string, items: number, value: (at: number) => string) => {
      for (let at = 0; at < items; at++)
        labels.push({ item: `i${at}`, annotator, role: 'expert', label: value(at) });
    };
    add('a', 40, (at) => (at % 2 === 0 ? 'yes' : 'no'));
    add('b', 40, (at) => (at % 2 === 0 ? 'yes' : 'no'));
    add('c', 4, (at) => (at % 2 === 1 ? 'yes' : 'no'));
    add('d', 20, (at) => (at % 4 === 0 ? 'yes' : 'no'));
    const all = agreementReport(labels, { labelSet: ['no', 'yes'] });
    expect(all.pairs.map((pair) => `${pair.a}${pair.b}:${pair.n}`)).toEqual([
      'ab:40',
      'ac:4',
      'ad:20',
      'bc:4',
      'bd:20',
      'cd:4',
    ]);
    const top = agreementReport(labels, { labelSet: ['no', 'yes'], maxPairs: 3 });
    expect(top.pairs.map((pair) => `${pair.a}${pair.b}`)).toEqual(['ab', 'ad', 'bd']);
    expect(top.meanPairwiseKappa).toBe(all.meanPairwiseKappa);
    const sure = agreementReport(labels, { labelSet: ['no', 'yes'], minItems: 10 });
    expect(sure.comparedPairs).toBe(3);
    expect(sure.meanPairwiseKappa).toBeCloseTo(
      (all.pairs[0]!.kappa! + all.pairs[2]!.kappa! + all.pairs[4]!.kappa!) / 3,
      12,
    );
    expect(sure.warnings).toContain('3 pairs share fewer than 10 items: left out (the minimum asked for)');
  });
});
