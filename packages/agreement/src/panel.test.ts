import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { againstPanel } from './against-panel';
import { cohenKappa } from './cohen-kappa';
import { internalAlignment } from './internal-alignment';
import { majorityVote } from './majority-vote';
import { pairwiseKappa } from './pairwise-kappa';
import { column } from './panel';

// 6 items x 3 annotators, with gaps.
const MATRIX = Int32Array.from([0, 0, 1, 1, 1, -1, 0, 1, 1, 1, 1, 1, 0, -1, 0, -1, 0, 0]);
const OPTIONS = { annotators: 3, categories: 2 } as const;

describe('pairwiseKappa', () => {
  it('equals cohenKappa on each pair of columns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 4 * 5, maxLength: 4 * 5 }),
        fc.constantFrom('none', 'linear', 'quadratic' as const),
        (cells, weights) => {
          const matrix = Int32Array.from(cells);
          const result = pairwiseKappa(matrix, { annotators: 4, categories: 3, weights });
          expect(result.pairs).toHaveLength(6);
          for (const pair of result.pairs) {
            const direct = cohenKappa(column(matrix, 4, pair.a), column(matrix, 4, pair.b), {
              categories: 3,
              weights,
            });
            expect(pair.n).toBe(direct.n);
            expect(pair.defined).toBe(direct.defined);
            if (direct.defined) expect(pair.kappa).toBeCloseTo(direct.kappa, 12);
          }
        },
      ),
    );
  });

  it('honours a selection of annotators and its order', () => {
    const result = pairwiseKappa(MATRIX, { ...OPTIONS, select: [2, 0] });
    expect(result.pairs.map((pair) => [pair.a, pair.b])).toEqual([[2, 0]]);
  });

  it('refuses a ragged matrix and a selection outside the panel', () => {
    expect(() => pairwiseKappa(Int32Array.from([0, 1, 0, 1]), OPTIONS)).toThrow(/multiple/);
    expect(() => pairwiseKappa(MATRIX, { ...OPTIONS, select: [0, 3] })).toThrow(/outside/);
    expect(() => pairwiseKappa(Int32Array.from([0, 1, 2]), OPTIONS)).toThrow(/item 0, annotator 2/);
  });
});

describe('internalAlignment', () => {
  it('means only the defined pairs', () => {
    // Annotators 0 and 1 agree perfectly, 2 never overlaps with them.
    const matrix = Int32Array.from([0, 0, -1, 1, 1, -1, -1, -1, 1]);
    const result = internalAlignment(matrix, OPTIONS);
    expect(result).toMatchObject({
      meanPairwiseKappa: 1,
      definedPairs: 1,
      totalPairs: 3,
      minKappa: 1,
      maxKappa: 1,
    });
  });
});

describe('majorityVote', () => {
  const tied = Int32Array.from([0, 1, -1, 2, 2, 1, -1, -1, -1]);
  const options = { annotators: 3, categories: 3 } as const;

  it('applies each tie policy explicitly', () => {
    expect(Array.from(majorityVote(tied, { ...options, tie: 'missing' }))).toEqual([-1, 2, -1]);
    expect(Array.from(majorityVote(tied, { ...options, tie: 'lowest' }))).toEqual([0, 2, -1]);
    expect(Array.from(majorityVote(tied, { ...options, tie: 'highest' }))).toEqual([1, 2, -1]);
  });

  it('draws random ties from the seed, reproducibly, among the tied categories only', () => {
    const many = Int32Array.from({ length: 300 }, (_, index) => (index % 3 === 2 ? -1 : index % 3));
    const first = majorityVote(many, { ...options, tie: 'random', seed: 5 });
    expect(majorityVote(many, { ...options, tie: 'random', seed: 5 })).toEqual(first);
    expect(new Set(first)).toEqual(new Set([0, 1]));
    expect(() => majorityVote(many, { ...options, tie: 'random' })).toThrow(/seed/);
  });
});

describe('againstPanel', () => {
  it('scores a model against each annotator and against the majority', () => {
    const model = Int32Array.from([0, 1, 1, 1, 0, 0]);
    const result = againstPanel(model, MATRIX, OPTIONS);
    expect(result.perAnnotator).toHaveLength(3);
    for (const entry of result.perAnnotator) {
      const direct = cohenKappa(model, column(MATRIX, 3, entry.annotator), { categories: 2 });
      expect(entry.n).toBe(direct.n);
      expect(entry.kappa).toBe(direct.kappa);
    }
    expect(Array.from(result.majorityLabels)).toEqual([0, 1, 1, 1, 0, 0]);
    expect(result.majority.kappa).toBe(1);
  });

  it('refuses a model whose length is not the number of items', () => {
    expect(() => againstPanel(Int32Array.from([0]), MATRIX, OPTIONS)).toThrow(/6 items/);
  });
});
