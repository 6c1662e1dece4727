import { describe, expect, it } from 'vitest';
import { createCurationConfig } from './config';
import { expertVerdict } from './panel';

describe('createCurationConfig', () => {
  it('fills the documented defaults', () => {
    const config = createCurationConfig({ labels: ['benign', 'violating'], positive: 'violating' });
    expect(config).toMatchObject({
      batchSize: 100,
      fineTuneShare: 0.62,
      tiePolicy: 'exclude',
      threshold: 0.5,
    });
    expect(config.stop).toMatchObject({ target: 'alignment', maxIterations: 6 });
  });

  it('writes sides only when asked for, and names a bad one', () => {
    const base = { labels: ['a', 'b'] as const, positive: 'b' };
    expect('sides' in createCurationConfig(base)).toBe(false);
    expect(createCurationConfig({ ...base, sides: 'labelled-share' }).sides).toBe('labelled-share');
    expect(() => createCurationConfig({ ...base, sides: 'median' as 'threshold' })).toThrow(/sides/);
  });

  it('names the bad field', () => {
    const base = { labels: ['a', 'b'] as const, positive: 'b' };
    expect(() => createCurationConfig({ ...base, positive: 'c' })).toThrow(/positive/);
    expect(() => createCurationConfig({ ...base, labels: ['a', 'a'] })).toThrow(/labels/);
    expect(() => createCurationConfig({ ...base, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => createCurationConfig({ ...base, fineTuneShare: 1 })).toThrow(/fineTuneShare/);
    expect(() => createCurationConfig({ ...base, stop: { maxIterations: 0 } })).toThrow(/stop.maxIterations/);
    expect(() => createCurationConfig({ ...base, stop: { plateau: { delta: 0, patience: 0 } } })).toThrow(
      /patience/,
    );
  });
});

describe('expertVerdict', () => {
  const panel = (labels: (0 | 1)[]) => ({
    item: 0,
    iteration: 1,
    annotators: labels.map((_, i) => i),
    labels,
  });

  it('takes the majority and the share who gave it', () => {
    expect(expertVerdict(panel([1, 1, 0]), 'exclude')).toEqual({ label: 1, agreement: 2 / 3, tie: false });
    expect(expertVerdict(panel([0, 0, 0]), 'exclude')).toEqual({ label: 0, agreement: 1, tie: false });
  });

  it('resolves a tie by the explicit policy', () => {
    expect(expertVerdict(panel([1, 0]), 'exclude').label).toBeNull();
    expect(expertVerdict(panel([1, 0]), 'positive').label).toBe(1);
    expect(expertVerdict(panel([1, 0]), 'negative').label).toBe(0);
  });
});
