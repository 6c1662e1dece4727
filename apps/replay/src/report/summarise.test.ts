import { describe, expect, it } from 'vitest';
import { normalisedArea, seedFigure, summariseSeeds } from './summarise';
import type { ConditionReport } from './types';

describe('normalisedArea', () => {
  it('is the mean height of the piecewise-linear curve over the range', () => {
    // Trapezoids: (0 + .4) / 2 * 100 + (.4 + .6) / 2 * 100 = 70, over 200.
    expect(normalisedArea([0, 100, 200], [0, 0.4, 0.6], [0, 200])).toBeCloseTo(0.35, 12);
  });
  it('holds the curve flat after its last point and skips undefined points', () => {
    expect(normalisedArea([0, 100], [0.2, 0.4], [0, 300])).toBeCloseTo((30 + 80) / 300, 12);
    expect(normalisedArea([0, 50, 100], [0.2, Number.NaN, 0.4], [0, 100])).toBeCloseTo(0.3, 12);
    expect(normalisedArea([0], [Number.NaN], [0, 1])).toBeNaN();
  });
});

describe('seedFigure', () => {
  it('keeps per-seed values (null where undefined) and the t interval over the defined ones', () => {
    const figure = seedFigure([0.1, Number.NaN, 0.3, undefined]);
    expect(figure.values).toEqual([0.1, null, 0.3, null]);
    expect(figure.n).toBe(2);
    expect(figure.mean).toBe(0.2);
    // .2 ± 12.7062 * .1414 / 1.414
    expect(figure.ci95).toEqual([-1.0706, 1.4706]);
  });
});

describe('summariseSeeds', () => {
  const curated = (kappa: number, audits: number[], labels: number[]): ConditionReport => ({
    task: 't',
    model: 'large',
    condition: 'curated',
    policy: 'boundary-pairs',
    iterations: audits.length - 1,
    fineTuneExamples: 10,
    evalExamples: 5,
    kappaModelExpert: kappa,
    kappaAudit: audits.at(-1)!,
    auditKappaPerIteration: audits,
    expertLabelsPerIteration: labels,
  });
  const base = (kappa: number): ConditionReport => ({
    task: 't',
    model: 'large',
    condition: 'crowd-baseline',
    iterations: 0,
    fineTuneExamples: 100,
    evalExamples: 5,
    kappaModelExpert: kappa,
    kappaAudit: 0.2,
  });
  const summary = summariseSeeds([
    { seed: 1, tasks: [], conditions: [curated(0.5, [0, 0.4, 0.6], [0, 100, 200]), base(0.3)] },
    { seed: 2, tasks: [], conditions: [curated(0.7, [0, 0.2], [0, 100]), base(0.4)] },
  ]);

  it('pairs curated with its baseline seed by seed', () => {
    expect(summary.paired).toHaveLength(1);
    expect(summary.paired[0]!.evaluation.values).toEqual([0.2, 0.3]);
    expect(summary.paired[0]!.audit.values).toEqual([0.4, 0]);
  });

  it('summarises every table figure and the curves over a common label range', () => {
    const kappa = summary.figures.find((f) => f.condition === 'curated' && f.figure === 'kappaModelExpert')!;
    expect(kappa.values).toEqual([0.5, 0.7]);
    const [curve] = summary.curves;
    expect(curve!.areaRange).toEqual([0, 200]);
    expect(curve!.area.values).toEqual([0.35, 0.15]);
    expect(curve!.points.map((point) => point.n)).toEqual([2, 2, 1]);
    expect(curve!.points[2]!.band).toBeNull();
  });
});
