import type { Label } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { convabuseLabels, reference } from './__fixtures__/support';
import { agreementReport } from './agreement-report';

const fixture = reference();

describe('agreementReport on the ConvAbuse expert panel', () => {
  const report = agreementReport(convabuseLabels(), { labelSet: fixture.convabuse.labels, role: 'expert' });

  it('finds the 8 experts and all 28 pairs, with n', () => {
    expect(report.annotators.map((entry) => entry.annotator)).toEqual(fixture.convabuse.annotators);
    expect(report.annotators.every((entry) => entry.role === 'expert' && entry.items > 0)).toBe(true);
    expect(report.pairs).toHaveLength(28);
    expect(report.items).toBe(4050);
  });

  it('matches scikit-learn to 1e-9 on every pair', () => {
    for (const expected of fixture.convabuse.pairs) {
      const pair = report.pairs.find(
        (candidate) => candidate.a === expected.a && candidate.b === expected.b,
      )!;
      expect(pair.n).toBe(expected.n);
      if (expected.sklearnKappa === null) expect(pair.kappa).toBeNull();
      else expect(Math.abs(pair.kappa! - expected.sklearnKappa)).toBeLessThan(1e-9);
    }
  });

  it('means the defined pairs and is JSON-safe', () => {
    const defined = fixture.convabuse.pairs.filter((pair) => pair.sklearnKappa !== null);
    const mean = defined.reduce((sum, pair) => sum + pair.sklearnKappa!, 0) / defined.length;
    expect(report.definedPairs).toBe(defined.length);
    expect(report.meanPairwiseKappa!).toBeCloseTo(mean, 12);
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
    expect(report.fleissItems).toBeGreaterThanOrEqual(0);
    expect(report.krippendorffAlpha).not.toBeNull();
    expect(report.gwetAc1).not.toBeNull();
  });
});

const label = (item: string, annotator: string, value: string, role: Label['role'] = 'expert'): Label => ({
  item,
  annotator,
  role,
  label: value,
});

describe('agreementReport on small panels', () => {
  it('filters by role and by annotators, in the given order', () => {
    const labels = [
      label('i1', 'x', 'no'),
      label('i1', 'y', 'no'),
      label('i2', 'x', 'yes'),
      label('i2', 'y', 'yes'),
      label('i1', 'crowd1', 'yes', 'crowd'),
    ];
    const report = agreementReport(labels, {
      labelSet: ['no', 'yes'],
      role: 'expert',
      annotators: ['y', 'x'],
    });
    expect(report.annotators).toEqual([
      { annotator: 'y', role: 'expert', items: 2 },
      { annotator: 'x', role: 'expert', items: 2 },
    ]);
    expect(report.pairs).toEqual([expect.objectContaining({ a: 'y', b: 'x', n: 2, kappa: 1 })]);
    expect(report.labels).toBe(4);
    expect(report.categories).toEqual(['no', 'yes']);
  });

  it('counts pairs that share no item, and reports undefined pairs as null with a reason and a warning', () => {
    const report = agreementReport(
      [label('i1', 'x', 'no'), label('i2', 'y', 'yes'), label('i3', 'x', 'no'), label('i3', 'z', 'no')],
      { labelSet: ['no', 'yes'] },
    );
    expect(report.pairs).toEqual([
      expect.objectContaining({ a: 'x', b: 'z', n: 1, kappa: null, ci95: null, reason: 'single-category' }),
    ]);
    expect(report).toMatchObject({ totalPairs: 3, sharingPairs: 1, comparedPairs: 1, definedPairs: 0 });
    expect(report.meanPairwiseKappa).toBeNull();
    expect(report.warnings).toContain('2 of 3 annotator pairs share no item (no kappa; not in the mean)');
    expect(report.warnings.join('\n')).toContain('1 pairs have an undefined kappa (single-category');
  });

  it('lists every label outside the set and every conflicting repeat in one invalid-data error', () => {
    const labels = [label('i1', 'x', 'no'), label('i1', 'x', 'yes'), label('i2', 'y', 'maybe')];
    expect(() => agreementReport(labels, { labelSet: ['no', 'yes'] })).toThrow(
      /row 2: label: x labelled i1 twice[\s\S]*row 3: label: .*not in the label set/,
    );
  });

  it('lists at most 20 problems but counts them all, and names the source file', () => {
    const labels = Array.from({ length: 30 }, (_, index) => label(`i${index}`, 'x', 'maybe'));
    let message = '';
    try {
      agreementReport(labels, { labelSet: ['no', 'yes'], source: 'labels.jsonl' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^30 label problem\(s\) in labels.jsonl \(values: "maybe"\); the first 20:/);
    expect(message.split('\n')).toHaveLength(21);
    expect(message).toContain('labels.jsonl:row 20: label:');
  });
});
