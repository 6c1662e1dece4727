import { createRng } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { dawidSkene } from './dawid-skene';
import { majorityVote } from './majority-vote';

/** A simulated panel: 5 annotators with known accuracies on 2000 items, 30% positive, some labels missing. */
function simulatedPanel(seed: number) {
  const rng = createRng(seed);
  const accuracy = [0.95, 0.9, 0.85, 0.6, 0.55];
  const items = 2000;
  const truth = new Int32Array(items);
  const matrix = new Int32Array(items * accuracy.length);
  for (let item = 0; item < items; item++) {
    truth[item] = rng.bernoulli(0.3) ? 1 : 0;
    accuracy.forEach((p, annotator) => {
      const missing = rng.bernoulli(0.2);
      matrix[item * accuracy.length + annotator] = missing
        ? -1
        : rng.bernoulli(p)
          ? truth[item]!
          : 1 - truth[item]!;
    });
  }
  return { truth, matrix, annotators: accuracy.length, accuracy };
}

function accuracyOf(labels: Int32Array, truth: Int32Array): number {
  let right = 0;
  let counted = 0;
  labels.forEach((label, item) => {
    if (label < 0) return;
    counted++;
    if (label === truth[item]) right++;
  });
  return right / counted;
}

describe('dawidSkene', () => {
  const panel = simulatedPanel(3);
  const options = { annotators: panel.annotators, categories: 2, seed: 1 } as const;

  it('converges, recovers the annotators accuracies and beats the majority vote', () => {
    const result = dawidSkene(panel.matrix, options);
    expect(result.converged).toBe(true);
    panel.accuracy.forEach((p, annotator) => {
      const base = annotator * 4;
      expect(result.confusion[base]).toBeCloseTo(p, 1);
      expect(result.confusion[base + 3]).toBeCloseTo(p, 1);
    });
    expect(result.prior[1]).toBeCloseTo(0.3, 1);
    const vote = majorityVote(panel.matrix, { annotators: panel.annotators, categories: 2, tie: 'lowest' });
    expect(accuracyOf(result.labels, panel.truth)).toBeGreaterThan(accuracyOf(vote, panel.truth));
  });

  it('is deterministic for a seed, and says when it did not converge', () => {
    expect(dawidSkene(panel.matrix, options)).toEqual(dawidSkene(panel.matrix, options));
    const short = dawidSkene(panel.matrix, { ...options, maxIterations: 1 });
    expect(short).toMatchObject({ converged: false, iterations: 1 });
  });

  it('gives unlabelled items the prior and label -1', () => {
    const matrix = Int32Array.from([0, 0, 1, 1, -1, -1]);
    const result = dawidSkene(matrix, { annotators: 2, categories: 2, seed: 1 });
    expect(result.labels[2]).toBe(-1);
    expect(result.posterior[4]).toBeCloseTo(result.prior[0]!, 12);
  });
});
