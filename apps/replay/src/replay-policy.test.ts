import { createRng } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { replaySampler } from './replay-policy';

describe('replaySampler', () => {
  it('fills a boundary-pair batch with uncertainty when the model predicts one class, and says so as data', async () => {
    const rng = createRng(1);
    const n = 300;
    const embeddings = Float32Array.from({ length: n * 4 }, () => rng.float());
    const scores = Float64Array.from({ length: n }, () => rng.float() * 0.4);
    const selection = await replaySampler('boundary-pairs')({
      embeddings,
      dimensions: 4,
      predicted: new Uint8Array(n),
      scores,
      reviewed: new Uint8Array(n),
      budget: 20,
      seed: 3,
    });
    expect(selection.items).toHaveLength(20);
    expect(selection.fallback).toEqual({ policy: 'uncertainty', items: 20, from: 0 });
    expect(selection.chosenBy).toEqual(Array(20).fill('uncertainty'));
    // Uncertainty: the highest scores (nearest 0.5) come first.
    const chosen = Array.from(selection.items, (item) => scores[item]!);
    const threshold = [...scores].sort((a, b) => b - a)[19]!;
    for (const score of chosen) expect(score).toBeGreaterThanOrEqual(threshold);
  });

  it('reports no fallback when the policy filled the batch itself', async () => {
    const rng = createRng(2);
    const n = 200;
    const selection = await replaySampler('random')({
      embeddings: Float32Array.from({ length: n * 2 }, () => rng.float()),
      dimensions: 2,
      predicted: new Uint8Array(n),
      reviewed: new Uint8Array(n),
      budget: 10,
      seed: 1,
    });
    expect(selection.fallback).toBeUndefined();
  });

  it('sampled selection clusters a side past 8,192 items on a sample and still fills the batch with pairs', async () => {
    const rng = createRng(4);
    const n = 20_000;
    const dimensions = 8;
    const embeddings = Float32Array.from({ length: n * dimensions }, () => rng.float());
    // The predicted label is the side of a hyperplane: two large sides with a boundary between them.
    const predicted = Uint8Array.from({ length: n }, (_, item) =>
      embeddings[item * dimensions]! > 0.5 ? 1 : 0,
    );
    const input = { embeddings, dimensions, predicted, reviewed: new Uint8Array(n), budget: 40, seed: 9 };
    const sampled = await replaySampler('boundary-pairs', 'sampled')(input);
    const full = await replaySampler('boundary-pairs', 'full')(input);
    for (const selection of [sampled, full]) {
      expect(selection.items).toHaveLength(40);
      expect(selection.fallback).toBeUndefined();
      const sides = Array.from(selection.items, (item) => predicted[item]!);
      expect(sides.filter((side) => side === 1)).toHaveLength(20);
    }
  });

  it('passes the first-batch rule and the pair scoring to boundary pairs only, at the run threshold', async () => {
    const rng = createRng(5);
    const n = 2000;
    const embeddings = Float32Array.from({ length: n * 2 }, () => rng.float());
    const scores = Float64Array.from({ length: n }, (_, item) => embeddings[item * 2]!);
    const predicted = Uint8Array.from(scores, (score) => (score >= 0.5 ? 1 : 0));
    const input = {
      embeddings,
      dimensions: 2,
      predicted,
      scores,
      reviewed: new Uint8Array(n),
      budget: 20,
      seed: 2,
    };
    const method = { uncertaintyShare: 0, pairScoring: 'doubt', firstBatch: 'score-strata' } as const;
    const first = await replaySampler('boundary-pairs', 'full', method)(input);
    expect(first.chosenBy).toEqual(Array(20).fill('score-strata'));
    const reviewed = new Uint8Array(n);
    for (const item of first.items) reviewed[item] = 1;
    const later = await replaySampler('boundary-pairs', 'full', { ...method, doubtThreshold: 0.5 })({
      ...input,
      reviewed,
    });
    expect(later.pairs!.length).toBe(10);
    for (const pair of later.pairs!) expect(pair.reason).toMatch(/doubt factor/);
    const random = await replaySampler('random', 'full', method)(input);
    expect(random.chosenBy).toEqual(Array(20).fill('random'));
  });
});
