import { FALLBACK_NAMES, POLICY_NAMES } from '@borderline/sampling';
import { describe, expect, it } from 'vitest';
import { curationInputOf, parseRunConfig, selectionOf } from './run-config';

const valid = {
  format: 'borderline.run-config',
  version: 2,
  dataset: { name: 'd', dir: '/d', task: 't', labels: ['no', 'yes'], positive: 'yes', items: 10 },
  runner: 'local',
  model: 'large',
  policy: 'boundary-pairs',
  loop: { batchSize: 100, fineTuneShare: 0.62, seed: 1, stop: { maxIterations: 6 } },
};

describe('parseRunConfig', () => {
  it('accepts a valid configuration', () => {
    expect(parseRunConfig(valid)).toEqual(valid);
  });

  it('names every bad field', () => {
    expect(() =>
      parseRunConfig({
        ...valid,
        loop: { ...valid.loop, batchSize: 0 },
        model: 'huge',
        dataset: { ...valid.dataset, positive: 'maybe' },
      }),
    ).toThrow(
      /loop\.batchSize: .*\(got 0\)[\s\S]*dataset\.positive[\s\S]*model: the local runner takes small or large, got "huge"/,
    );
    expect(() => parseRunConfig({ ...valid, baseUrl: 'http://x' })).toThrow(
      /baseUrl: only the openai runner takes a base URL \(this run's runner is local\)/,
    );
  });

  it('calls a field by the name it is given (init: the option its value came from)', () => {
    const names = { 'loop.fineTuneShare': '--fine-tune-share', model: '--model' };
    let message = '';
    try {
      parseRunConfig({ ...valid, model: 'huge', loop: { ...valid.loop, fineTuneShare: 2 } }, 'init', names);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      [
        'init: 2 problem(s)',
        '  --fine-tune-share: Too big: expected number to be <1 (got 2)',
        '  --model: the local runner takes small or large, got "huge"',
      ].join('\n'),
    );
  });

  it('refuses unknown fields, so nothing (a key, say) can ride along into the run', () => {
    expect(() => parseRunConfig({ ...valid, apiKey: 'sk-x' })).toThrow(
      /invalid-argument|apiKey|Unrecognized/,
    );
  });

  it('accepts every policy and fallback sampling offers (regression: init --policy stratified was refused)', () => {
    for (const policy of POLICY_NAMES) expect(parseRunConfig({ ...valid, policy }).policy).toBe(policy);
    for (const fallback of FALLBACK_NAMES)
      expect(parseRunConfig({ ...valid, fallback }).fallback).toBe(fallback);
  });

  it('reads a version-1 record (flat batch size, seed, caps) into the embedded loop input', () => {
    const { loop: _loop, ...rest } = valid;
    const old = {
      ...rest,
      version: 1,
      batchSize: 50,
      maxIterations: 4,
      fineTuneShare: 0.6,
      seed: 3,
      budget: 200,
    };
    expect(parseRunConfig(old)).toEqual({
      ...valid,
      loop: { batchSize: 50, fineTuneShare: 0.6, seed: 3, stop: { maxIterations: 4, budget: 200 } },
    });
  });

  it("reads a record made before init recorded the selection as the paper's pairs, as such a run selects", () => {
    const config = parseRunConfig(valid);
    expect(config).toEqual(valid);
    expect(selectionOf(config)).toEqual({ firstBatch: 'pairs', pairScoring: 'distance', sides: 'threshold' });
    expect(curationInputOf(config)).not.toHaveProperty('sides');
  });

  it('keeps the selection choices and hands the sides to the loop', () => {
    const config = parseRunConfig({
      ...valid,
      firstBatch: 'score-strata',
      pairScoring: 'doubt',
      loop: { ...valid.loop, sides: 'first-batch-share' },
    });
    expect(selectionOf(config)).toEqual({
      firstBatch: 'score-strata',
      pairScoring: 'doubt',
      sides: 'first-batch-share',
    });
    expect(curationInputOf(config).sides).toBe('first-batch-share');
    // Recorded as the paper's pairs, they read as the absent ones; another policy shows only sides off the threshold.
    const pairs = { ...valid, firstBatch: 'pairs', pairScoring: 'distance' };
    expect(selectionOf(parseRunConfig({ ...pairs, loop: { ...valid.loop, sides: 'threshold' } }))).toEqual(
      selectionOf(parseRunConfig(valid)),
    );
    expect(selectionOf(parseRunConfig({ ...valid, policy: 'random' }))).toEqual({});
    const stratified = { ...valid, policy: 'stratified', loop: { ...valid.loop, sides: 'labelled-share' } };
    expect(selectionOf(parseRunConfig(stratified))).toEqual({ sides: 'labelled-share' });
  });

  it('refuses a record whose selection choices cannot go together, naming the field', () => {
    expect(() => parseRunConfig({ ...valid, policy: 'uncertainty', firstBatch: 'score-strata' })).toThrow(
      /firstBatch: only applies to boundary pairs \(this run's policy is uncertainty\)/,
    );
    expect(() => parseRunConfig({ ...valid, policy: 'margin', pairScoring: 'doubt' })).toThrow(
      /pairScoring: only applies to boundary pairs/,
    );
    expect(() => parseRunConfig({ ...valid, loop: { ...valid.loop, sides: 'first-batch-share' } })).toThrow(
      /loop\.sides: first-batch-share .*drawn across the pool/,
    );
    expect(() => parseRunConfig({ ...valid, firstBatch: 'strata' })).toThrow(/firstBatch/);
    expect(() => parseRunConfig({ ...valid, loop: { ...valid.loop, sides: 'labelled' } })).toThrow(
      /loop\.sides/,
    );
    // Random batches are drawn, but random selection never reads the sides: refused too.
    const random = { ...valid, policy: 'random', loop: { ...valid.loop, sides: 'first-batch-share' } };
    expect(() => parseRunConfig(random)).toThrow(/loop\.sides: first-batch-share .*--policy boundary-pairs/);
  });
});
