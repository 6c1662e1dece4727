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
    ).toThrow(/batchSize[\s\S]*dataset\.positive[\s\S]*model: the local runner takes --model small or large/);
    expect(() => parseRunConfig({ ...valid, baseUrl: 'http://x' })).toThrow(
      /baseUrl: --base-url is for --runner openai/,
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
