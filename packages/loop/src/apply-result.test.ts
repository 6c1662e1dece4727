import { BorderlineError } from '@borderline/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyResult } from './apply-result';
import { createCurationConfig } from './config';
import { nextEffect } from './next-effect';
import { parseCurationState, serializeCurationState, startCuration } from './state';
import type { CurationConfig, CurationEvent, CurationState, IndexedAnnotation } from './types';

const config = createCurationConfig({
  labels: ['no', 'yes'],
  positive: 'yes',
  batchSize: 10,
  seed: 3,
  stop: { maxIterations: 3, plateau: undefined },
});

/** Labels item i positive when i is even; three experts agree except annotator c on multiples of 5. */
function panelFor(
  items: readonly number[],
  unavailable: ReadonlySet<number> = new Set(),
): IndexedAnnotation[] {
  return items.map((item) => {
    if (unavailable.has(item)) return { status: 'unavailable', item, reason: 'skipped' };
    const truth = item % 2 === 0 ? 'yes' : 'no';
    const other = truth === 'yes' ? 'no' : 'yes';
    return {
      status: 'labelled',
      item,
      labels: [
        { annotator: 'a', label: truth },
        { annotator: 'b', label: truth },
        { annotator: 'c', label: item % 5 === 0 ? other : truth },
      ],
    };
  });
}

function apply(
  state: CurationState,
  result: Parameters<typeof applyResult>[1],
  events: CurationEvent[] = [],
) {
  const transition = applyResult(state, result);
  events.push(...transition.events);
  return transition.state;
}

/** The model's scores on the evaluation set: the truth (even = positive), wrong on multiples of `wrongEvery`. */
function modelScores(state: CurationState, wrongEvery = 3): Float64Array {
  return Float64Array.from(state.evaluation, (item) =>
    (item % 2 === 0) !== (item % wrongEvery === 0) ? 0.9 : 0.1,
  );
}

/** Runs one iteration with the given unreviewed items; the model is right except on multiples of `wrongEvery`. */
function iterate(
  state: CurationState,
  items: number[],
  events: CurationEvent[] = [],
  wrongEvery = 3,
): CurationState {
  state = apply(state, { type: 'scored', positives: 4 }, events);
  state = apply(state, { type: 'selected', policy: 'test', items, warnings: [] }, events);
  state = apply(state, { type: 'annotated', annotations: panelFor(items) }, events);
  if (state.phase === 'evaluate-base') {
    state = apply(
      state,
      { type: 'evaluated', scores: new Float64Array(state.evaluation.length).fill(0.2) },
      events,
    );
  }
  if (state.phase === 'adapt') state = apply(state, { type: 'adapted' }, events);
  return apply(state, { type: 'evaluated', scores: modelScores(state, wrongEvery) }, events);
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, index) => from + index);

describe('the curation state machine', () => {
  it('walks score -> select -> annotate -> evaluate LLM-0 -> adapt -> evaluate, then starts iteration 2', () => {
    let state = startCuration(createCurationConfig({ ...config, batchSize: 40 }), 200).state;
    const phases: string[] = [nextEffect(state).type];
    state = applyResult(state, { type: 'scored', positives: 1 }).state;
    const select = nextEffect(state);
    expect(select).toMatchObject({
      type: 'select',
      iteration: 1,
      budget: 40,
      seed: '3:select:1',
      reviewed: [],
    });
    state = applyResult(state, { type: 'selected', policy: 'test', items: range(0, 40), warnings: [] }).state;
    expect(nextEffect(state)).toEqual({ type: 'annotate', iteration: 1, items: range(0, 40) });
    state = applyResult(state, { type: 'annotated', annotations: panelFor(range(0, 40)) }).state;
    const base = nextEffect(state);
    expect(base).toMatchObject({ type: 'evaluate', iteration: 0, modelVersion: 0 });
    state = applyResult(state, {
      type: 'evaluated',
      scores: new Float64Array(state.evaluation.length),
    }).state;
    const adapt = nextEffect(state);
    expect(adapt).toMatchObject({ type: 'adapt', fromVersion: 0, toVersion: 1 });
    expect(adapt.type === 'adapt' && adapt.examples.map((example) => example.item)).toEqual(state.fineTune);
    state = applyResult(state, { type: 'adapted' }).state;
    phases.push('select', 'annotate', 'evaluate', 'adapt', nextEffect(state).type);
    state = applyResult(state, { type: 'evaluated', scores: modelScores(state) }).state;
    expect(phases).toEqual(['score', 'select', 'annotate', 'evaluate', 'adapt', 'evaluate']);
    expect(nextEffect(state)).toEqual({ type: 'score', iteration: 2, modelVersion: 1 });
    expect(state.history.map((record) => [record.iteration, record.modelVersion])).toEqual([
      [0, 0],
      [1, 1],
    ]);
    // LLM-0 predicted all negative (kappa 0); M_1 is right on most items.
    expect(state.history[0]!.kappa.value).toBe(0);
    expect(state.history[1]!.kappa.value).toBeGreaterThan(0);
    expect(state.history[1]!.kappa.value).toBeLessThan(1);
    expect(state.history[1]!.internalAlignment.n).toBe(3);
    expect(state.history[1]!.fineTuneExamples).toBe(25);
    expect(state.history[1]!.evalExamples).toBe(15);
  });

  it('splits about 62:38, keeps earlier splits in place and records each iteration once', () => {
    let state = startCuration(createCurationConfig({ ...config, batchSize: 50 }), 1000).state;
    state = iterate(state, range(0, 50));
    const first = { fineTune: [...state.fineTune], evaluation: [...state.evaluation] };
    // round(0.62 x 50) = 31 to fine-tuning, the rest to evaluation.
    expect(first.fineTune.length).toBe(31);
    expect(first.evaluation.length).toBe(19);
    state = iterate(state, range(50, 50));
    expect(state.fineTune.slice(0, 31)).toEqual(first.fineTune);
    expect(state.evaluation.slice(0, 19)).toEqual(first.evaluation);
    expect(state.fineTune.length + state.evaluation.length).toBe(100);
    expect(new Set([...state.fineTune, ...state.evaluation]).size).toBe(100);
    expect(state.history.map((record) => record.iteration)).toEqual([0, 1, 2]);
    expect(state.history[2]!.reviewed).toBe(100);
  });

  it('stops at the iteration cap with the reason recorded', () => {
    const events: CurationEvent[] = [];
    let state = startCuration(createCurationConfig({ ...config, batchSize: 40 }), 200).state;
    for (let iteration = 0; iteration < 3; iteration++)
      state = iterate(state, range(iteration * 40, 40), events);
    expect(state.phase).toBe('done');
    expect(state.stop).toMatchObject({ stop: true, reason: 'max-iterations', iteration: 3 });
    expect(nextEffect(state)).toEqual({ type: 'done', decision: state.stop });
    expect(events.filter((event) => event.type === 'stopped')).toHaveLength(1);
    expect(() => applyResult(state, { type: 'scored', positives: 0 })).toThrow(/waiting for "done"/);
  });

  it('stops as soon as a model agrees with the experts as well as they agree with each other', () => {
    const noMinimum = createCurationConfig({ ...config, stop: { ...config.stop, minEvaluationPerClass: 0 } });
    const state = iterate(startCuration(noMinimum, 100).state, range(1, 10), [], 1000);
    expect(state.history[1]!.kappa.value).toBe(1);
    expect(state.stop).toMatchObject({ reason: 'alignment-reached', iteration: 1 });
  });

  it('refuses an item already reviewed, a duplicate, an item outside the pool, and an oversized batch', () => {
    let state = iterate(startCuration(config, 100).state, range(0, 10));
    state = applyResult(state, { type: 'scored', positives: 0 }).state;
    const bad = (items: number[]) => () =>
      applyResult(state, { type: 'selected', policy: 't', items, warnings: [] });
    expect(bad([3])).toThrow(/item 3 was already reviewed/);
    expect(bad([20, 20])).toThrow(/selected twice/);
    expect(bad([100])).toThrow(/outside the pool/);
    expect(bad(range(20, 11))).toThrow(/exceed/);
  });

  it('answers a result of the wrong kind with a run-state error', () => {
    const state = startCuration(config, 100).state;
    try {
      applyResult(state, { type: 'adapted' });
      expect.unreachable();
    } catch (error) {
      expect(BorderlineError.is(error) && error.code).toBe('run-state');
    }
  });

  it('records unavailable items without a label and refuses a label outside the label set', () => {
    let state = startCuration(config, 100).state;
    state = applyResult(state, { type: 'scored', positives: 0 }).state;
    state = applyResult(state, { type: 'selected', policy: 't', items: range(0, 10), warnings: [] }).state;
    const wrong = panelFor(range(0, 10));
    wrong[0] = { status: 'labelled', item: 0, labels: [{ annotator: 'a', label: 'maybe' }] };
    expect(() => applyResult(state, { type: 'annotated', annotations: wrong })).toThrow(/"maybe"/);
    expect(() => applyResult(state, { type: 'annotated', annotations: panelFor(range(0, 9)) })).toThrow(
      /no answer/,
    );
    const next = applyResult(state, {
      type: 'annotated',
      annotations: panelFor(range(0, 10), new Set([2, 3])),
    });
    expect(next.state.unavailable.map((entry) => entry.item)).toEqual([2, 3]);
    expect(next.state.panels.map((panel) => panel.item)).not.toContain(2);
    expect(next.state.fineTune.length + next.state.evaluation.length).toBe(8);
  });

  it('keeps the current model while the fine-tune set holds one class only', () => {
    const events: CurationEvent[] = [];
    let state = startCuration(createCurationConfig({ ...config, batchSize: 20 }), 200).state;
    // Odd items only: every expert majority is negative.
    const odd = range(0, 20).map((index) => 2 * index + 1);
    state = apply(state, { type: 'scored', positives: 4 }, events);
    state = apply(state, { type: 'selected', policy: 'test', items: odd, warnings: [] }, events);
    state = apply(state, { type: 'annotated', annotations: panelFor(odd) }, events);
    state = apply(state, { type: 'evaluated', scores: new Float64Array(state.evaluation.length) }, events);
    expect(nextEffect(state)).toMatchObject({ type: 'evaluate', iteration: 1, modelVersion: 0 });
    expect(events.at(-1)).toMatchObject({
      type: 'warning',
      message: expect.stringContaining('only negative'),
    });
    state = apply(state, { type: 'evaluated', scores: new Float64Array(state.evaluation.length) }, events);
    expect(nextEffect(state)).toEqual({ type: 'score', iteration: 2, modelVersion: 0 });
    // Once both classes are in, the next iteration adapts on everything gathered.
    state = iterate(state, range(100, 20));
    expect(state.modelVersion).toBe(1);
    expect(state.trainedExamples).toBe(state.fineTune.length);
  });

  it('stops with pool-exhausted when the policy finds nothing', () => {
    let state = startCuration(config, 100).state;
    state = applyResult(state, { type: 'scored', positives: 0 }).state;
    const { state: done } = applyResult(state, {
      type: 'selected',
      policy: 't',
      items: [],
      warnings: ['no pairs'],
    });
    expect(done.stop).toMatchObject({ stop: true, reason: 'pool-exhausted' });
    expect(done.stop?.detail).toContain('no pairs');
  });

  it('caps the last batch at the remaining total budget', () => {
    const budgeted = createCurationConfig({
      ...config,
      stop: { ...config.stop, budget: 15, maxIterations: 5 },
    });
    let state = iterate(startCuration(budgeted, 100).state, range(0, 10));
    state = applyResult(state, { type: 'scored', positives: 0 }).state;
    expect(nextEffect(state)).toMatchObject({ type: 'select', budget: 5 });
  });

  it('survives a JSON round trip at every step (the CLI persists it between commands)', () => {
    let state = startCuration(config, 100).state;
    const results = [
      { type: 'scored', positives: 2 },
      { type: 'selected', policy: 't', items: range(0, 10), warnings: [] },
      { type: 'annotated', annotations: panelFor(range(0, 10)) },
    ] as const;
    for (const result of results) {
      state = parseCurationState(serializeCurationState(applyResult(state, result).state));
    }
    expect(nextEffect(state)).toMatchObject({ type: 'evaluate', iteration: 0 });
    expect(() => parseCurationState('{"format":"x"}')).toThrow(/borderline.curation-state/);
  });

  it('property: the fine-tune and evaluation sets stay disjoint, cover the untied labels, and only grow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 40 }), (seed, batchSize) => {
        const local: CurationConfig = createCurationConfig({ ...config, seed, batchSize });
        let state = startCuration(local, 200).state;
        let previous = { fineTune: [] as readonly number[], evaluation: [] as readonly number[] };
        for (let iteration = 0; iteration < 3 && state.phase !== 'done'; iteration++) {
          state = iterate(state, range(iteration * batchSize, batchSize));
          expect(state.fineTune.slice(0, previous.fineTune.length)).toEqual(previous.fineTune);
          expect(state.evaluation.slice(0, previous.evaluation.length)).toEqual(previous.evaluation);
          previous = { fineTune: state.fineTune, evaluation: state.evaluation };
        }
        const all = [...state.fineTune, ...state.evaluation];
        expect(new Set(all).size).toBe(all.length);
        expect(all.length).toBe(state.panels.length);
      }),
      { numRuns: 40 },
    );
  });
});
