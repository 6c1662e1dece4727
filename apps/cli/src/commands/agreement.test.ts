import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo, tempDir } from '../../test/helpers';
import { run } from '../index';

const DATA = process.env.BORDERLINE_DATA_PATH!;
const CONVABUSE = join(DATA, 'convabuse', 'labels.jsonl');
const reference = JSON.parse(
  readFileSync(
    new URL('../../../../packages/agreement/src/__fixtures__/reference.json', import.meta.url),
    'utf8',
  ),
) as { convabuse: { pairs: { a: string; b: string; n: number; sklearnKappa: number | null }[] } };

describe('borderline agreement', () => {
  it('prints the ConvAbuse expert panel as JSON, matching scikit-learn to 1e-9 on every pair', async () => {
    const io = captureIo();
    expect(await run(['agreement', CONVABUSE, '--role', 'expert', '--json'], io)).toBe(0);
    const report = JSON.parse(io.out());
    expect(report.annotators).toHaveLength(8);
    expect(report.categories).toEqual(['not_abusive', 'abusive']);
    expect(report.pairs).toHaveLength(28);
    for (const expected of reference.convabuse.pairs) {
      const pair = report.pairs.find(
        (entry: { a: string; b: string }) => entry.a === expected.a && entry.b === expected.b,
      );
      expect(pair.n).toBe(expected.n);
      if (expected.sklearnKappa === null) expect(pair.kappa).toBeNull();
      else expect(Math.abs(pair.kappa - expected.sklearnKappa)).toBeLessThan(1e-9);
    }
    for (const key of [
      'meanPairwiseKappa',
      'fleissKappa',
      'fleissItems',
      'krippendorffAlpha',
      'gwetAc1',
      'items',
    ]) {
      expect(report).toHaveProperty(key);
    }
  });

  it('prints a table of pairs with n and CI, and the panel coefficients', async () => {
    const io = captureIo();
    expect(await run(['agreement', CONVABUSE], io)).toBe(0);
    const text = io.out();
    expect(text).toMatch(/Agreement of 8 annotators on 4050 items/);
    expect(text).toMatch(/Ann1\s+Ann2\s+291\s+0\.839\s+\[/);
    expect(text).toContain('mean pairwise kappa');
    expect(text).toContain("Fleiss' kappa");
    expect(text).toContain("Krippendorff's alpha");
    expect(text).toContain("Gwet's AC1");
  });

  it('resolves a dataset name through BORDERLINE_DATA_PATH and honours --annotators', async () => {
    const io = captureIo({ BORDERLINE_DATA_PATH: DATA });
    expect(await run(['agreement', 'convabuse', '--annotators', 'Ann2,Ann1', '--json'], io)).toBe(0);
    const report = JSON.parse(io.out());
    expect(report.pairs).toEqual([expect.objectContaining({ a: 'Ann2', b: 'Ann1', n: 291 })]);
  });

  it('reads CSV, takes --labels as the category order and weights them', async () => {
    const { dir } = tempDir('borderline-agreement-');
    const file = join(dir, 'labels.csv');
    const rows = [
      ['i1', 'x', 'low'],
      ['i1', 'y', 'mid'],
      ['i2', 'x', 'high'],
      ['i2', 'y', 'high'],
      ['i3', 'x', 'low'],
      ['i3', 'y', 'low'],
      ['i4', 'x', 'mid'],
      ['i4', 'y', 'high'],
    ];
    writeFileSync(
      file,
      ['item,annotator,role,label', ...rows.map(([i, a, l]) => `${i},${a},expert,${l}`)].join('\n'),
    );
    const io = captureIo();
    expect(
      await run(['agreement', file, '--labels', 'low,mid,high', '--weights', 'linear', '--json'], io),
    ).toBe(0);
    const report = JSON.parse(io.out());
    expect(report.categories).toEqual(['low', 'mid', 'high']);
    expect(report.weights).toBe('linear');
    // Linear weights: po = (0.5 + 1 + 1 + 0.5) / 4 = 0.75.
    expect(report.pairs[0].observedAgreement).toBeCloseTo(0.75, 12);
  });

  it('fails with exit 1 naming the file and row for a label outside --labels', async () => {
    const io = captureIo();
    expect(await run(['agreement', CONVABUSE, '--labels', 'abusive,fine'], io)).toBe(1);
    expect(io.err()).toMatch(/labels\.jsonl:row 1: label: .*not in the label set/);
  });

  it('fails with exit 1 on an unknown annotator and on a missing file', async () => {
    const unknown = captureIo();
    expect(await run(['agreement', CONVABUSE, '--annotators', 'Ann1,Nobody'], unknown)).toBe(1);
    expect(unknown.err()).toContain('Nobody');
    const missing = captureIo();
    expect(await run(['agreement', join(DATA, 'no-such', 'labels.jsonl')], missing)).toBe(1);
  });
});
