import { FALLBACK_NAMES, POLICY_NAMES } from '@borderline/sampling';
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from './run-config';

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
});
