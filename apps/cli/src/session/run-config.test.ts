import { describe, expect, it } from 'vitest';
import { parseRunConfig } from './run-config';

const valid = {
  format: 'borderline.run-config',
  version: 1,
  dataset: { name: 'd', dir: '/d', task: 't', labels: ['no', 'yes'], positive: 'yes', items: 10 },
  runner: 'local',
  model: 'large',
  policy: 'boundary-pairs',
  batchSize: 100,
  maxIterations: 6,
  fineTuneShare: 0.62,
  seed: 1,
};

describe('parseRunConfig', () => {
  it('accepts a valid configuration', () => {
    expect(parseRunConfig(valid)).toEqual(valid);
  });

  it('names every bad field', () => {
    expect(() =>
      parseRunConfig({
        ...valid,
        batchSize: 0,
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
});
