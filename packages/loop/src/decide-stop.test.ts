import { describe, expect, it } from 'vitest';
import { DEFAULT_STOP_RULE } from './config';
import { decideStop } from './decide-stop';
import type { IterationRecord, StopRule } from './types';

function record(
  iteration: number,
  kappa: number | null,
  alignment = 0.8,
  reviewed = iteration * 100,
): IterationRecord {
  return {
    iteration,
    modelVersion: iteration,
    selected: 100,
    labelled: 100,
    unavailable: 0,
    reviewed,
    fineTuneExamples: iteration * 62,
    evalExamples: 38,
    evalPositives: 15,
    positiveShare: 0.4,
    kappa: { value: kappa, ci95: kappa === null ? null : [kappa - 0.1, kappa + 0.1], n: 38 },
    internalAlignment: { value: alignment, ci95: [alignment - 0.05, alignment + 0.05], n: 3 },
    ties: 0,
  };
}

const rule: StopRule = { target: 'alignment', maxIterations: 6 };
const history = (kappas: (number | null)[]) => kappas.map((kappa, iteration) => record(iteration, kappa));

describe('decideStop', () => {
  it('never stops before the first trained iteration', () => {
    expect(decideStop([], rule).stop).toBe(false);
    expect(decideStop(history([0.95]), rule).stop).toBe(false);
  });

  it('stops when model kappa reaches internal alignment, or its lower bound with the looser target', () => {
    expect(decideStop(history([0.2, 0.8]), rule)).toMatchObject({ stop: true, reason: 'alignment-reached' });
    expect(decideStop(history([0.2, 0.77]), rule).stop).toBe(false);
    const loose = decideStop(history([0.2, 0.77]), { ...rule, target: 'alignment-ci-lower' });
    expect(loose).toMatchObject({ stop: true, reason: 'alignment-reached', iteration: 1 });
    expect(loose.detail).toContain('0.750');
  });

  it('with target kappa-ci-lower, needs the lower end of the model kappa interval to reach alignment', () => {
    const strict = { ...rule, target: 'kappa-ci-lower' as const };
    // kappa .85 with interval .75-.95 against alignment .8: the point estimate is enough, the bound is not.
    expect(decideStop(history([0.2, 0.85]), rule).stop).toBe(true);
    expect(decideStop(history([0.2, 0.85]), strict).stop).toBe(false);
    expect(decideStop(history([0.2, 0.9]), strict)).toMatchObject({ reason: 'alignment-reached' });
  });

  it('does not call alignment reached on an evaluation set with too few items of a class', () => {
    const few = history([0.2, 0.9]).map((entry) => ({ ...entry, evalPositives: 2 }));
    expect(decideStop(few, rule).stop).toBe(true);
    expect(decideStop(few, { ...rule, minEvaluationPerClass: 10 }).stop).toBe(false);
    expect(decideStop(history([0.2, 0.9]), { ...rule, minEvaluationPerClass: 10 }).stop).toBe(true);
  });

  it('stops on a plateau: no gain of delta over the last p iterations', () => {
    const plateau = { ...rule, plateau: { delta: 0.02, patience: 2 } };
    expect(decideStop(history([0.2, 0.5, 0.51, 0.5]), plateau)).toMatchObject({
      reason: 'plateau',
      iteration: 3,
    });
    expect(decideStop(history([0.2, 0.5, 0.51, 0.53]), plateau).stop).toBe(false);
    // Too short a history to judge.
    expect(decideStop(history([0.2, 0.1]), plateau).stop).toBe(false);
  });

  it('stops at the iteration cap and at the budget, in that order', () => {
    expect(decideStop(history([0.1, 0.2, 0.3]), { ...rule, maxIterations: 2 })).toMatchObject({
      reason: 'max-iterations',
    });
    const budget = decideStop(history([0.1, 0.2, 0.3]), { ...rule, budget: 200 });
    expect(budget).toMatchObject({ stop: true, reason: 'budget' });
    expect(decideStop(history([0.1, 0.2, 0.3]), { ...rule, budget: 201 }).stop).toBe(false);
  });

  it('treats an undefined kappa as not reaching anything', () => {
    const plateau = { ...rule, plateau: { delta: 0, patience: 1 } };
    expect(decideStop(history([null, null]), plateau).stop).toBe(false);
    expect(decideStop([record(0, 0.2), record(1, 0.3, Number.NaN)], rule).stop).toBe(false);
  });

  it('does not stop on "model kappa 0.000 >= internal alignment 0.000" measured on 3 evaluation items under the default rule (regression)', () => {
    const tiny = (iteration: number): IterationRecord => ({
      ...record(iteration, 0, 0),
      evalExamples: 3,
      evalPositives: 1,
      kappa: { value: 0, ci95: [-0.9, 0.9], n: 3 },
      internalAlignment: { value: 0, ci95: [-0.5, 0.5], n: 1 },
    });
    const decision = decideStop([record(0, 0.1), tiny(1)], DEFAULT_STOP_RULE);
    expect(decision).toMatchObject({ stop: false, reason: null });
    expect(DEFAULT_STOP_RULE.minEvaluationPerClass).toBeGreaterThanOrEqual(10);
    const enough = { ...tiny(1), evalExamples: 40, evalPositives: 20 };
    expect(decideStop([record(0, 0.1), enough], DEFAULT_STOP_RULE).reason).toBe('alignment-reached');
  });
});
