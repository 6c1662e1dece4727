import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitExpertLabels } from './split-expert-labels';

const batchOf = (labels: (number | undefined)[]) =>
  labels.map((label, index) => ({ id: `item-${index}`, label }));

describe('splitExpertLabels', () => {
  it('partitions the batch, keeps input order, and gives round(0.62 n) to fine-tuning', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }), { maxLength: 80 }),
        fc.integer(),
        (labels, seed) => {
          const batch = batchOf(labels);
          const split = splitExpertLabels(batch, { seed });
          expect(split.fineTune.length + split.evaluation.length).toBe(batch.length);
          expect(new Set([...split.fineTune, ...split.evaluation]).size).toBe(batch.length);
          expect(split.fineTune.length).toBe(Math.round(0.62 * batch.length));
          const order = (ids: string[]) => ids.map((id) => Number(id.slice(5)));
          expect(order(split.fineTune)).toEqual([...order(split.fineTune)].sort((a, b) => a - b));
        },
      ),
    );
  });

  it('stratifies by the experts label: each label splits close to the share', () => {
    const batch = batchOf([...Array(100).fill(1), ...Array(300).fill(0)]);
    const split = splitExpertLabels(batch, { seed: 'iteration-1' });
    const positives = split.fineTune.filter((id) => Number(id.slice(5)) < 100).length;
    expect(Math.abs(positives - 62)).toBeLessThanOrEqual(1);
  });

  it('is seeded: same seed same split, another seed another', () => {
    const batch = batchOf(Array(50).fill(0));
    expect(splitExpertLabels(batch, { seed: 'run:3' })).toEqual(splitExpertLabels(batch, { seed: 'run:3' }));
    expect(splitExpertLabels(batch, { seed: 'run:3' })).not.toEqual(
      splitExpertLabels(batch, { seed: 'run:4' }),
    );
  });

  it('applied batch by batch, an earlier split never moves', () => {
    const first = batchOf([0, 1, 0, 1, 1, 0, 0]);
    const before = splitExpertLabels(first, { seed: 'run:1' });
    splitExpertLabels(
      batchOf([1, 1, 0]).map((item) => ({ ...item, id: `next-${item.id}` })),
      { seed: 'run:2' },
    );
    expect(splitExpertLabels(first, { seed: 'run:1' })).toEqual(before);
  });

  it('honours the share and rejects bad input', () => {
    expect(splitExpertLabels(batchOf([0, 0, 0, 0]), { seed: 1, fineTuneShare: 0 }).fineTune).toEqual([]);
    expect(splitExpertLabels(batchOf([0, 0]), { seed: 1, fineTuneShare: 1 }).evaluation).toEqual([]);
    expect(() => splitExpertLabels(batchOf([0]), { seed: 1, fineTuneShare: 1.5 })).toThrow(/fineTuneShare/);
    expect(() => splitExpertLabels([{ id: 'a' }, { id: 'a' }], { seed: 1 })).toThrow(/appears twice/);
  });
});
