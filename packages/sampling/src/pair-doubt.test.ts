import { matrixShards } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { blobPool, twoDWorld } from './__fixtures__/worlds';
import { COVERAGE_MEASURES } from './coverage';
import { confidence, doubtFactor } from './pair-doubt';
import type { Selection, SelectionInput } from './policy';
import { selectBoundaryPairs } from './select-boundary-pairs';
import { selectBoundaryPairsStreaming } from './select-boundary-pairs-streaming';

function meanConfidence(selection: Selection, scores: Float64Array): number {
  let sum = 0;
  for (const item of selection.items) sum += confidence(scores[item]!, 0.5);
  return sum / selection.items.length;
}

describe('pair scoring by the model doubt', () => {
  it('gives the known factors: 1 for two items at the cut, 4 for two certain items', () => {
    expect(doubtFactor(0.5, 0.5, 0.5)).toBe(1);
    expect(doubtFactor(1, 0, 0.5)).toBe(4);
    expect(confidence(0.75, 0.5)).toBe(0.5);
    expect(confidence(0.6, 0.2)).toBeCloseTo(0.5, 12);
    expect(confidence(0, 0.2)).toBe(0.25);
    expect(doubtFactor(0.75, 0.25, 0.5)).toBe(2.25);
  });

  for (const coverage of COVERAGE_MEASURES) {
    it(`${coverage}: a constant factor (every item equally sure) selects what distance alone selects`, async () => {
      const world = twoDWorld(3000, 0.1, 21);
      const scores = Float64Array.from(world.input.predicted, (label) => (label === 1 ? 0.7 : 0.3));
      const input = { ...world.input, scores, coverage, budget: 41 };
      const plain = await selectBoundaryPairs(input);
      const doubt = await selectBoundaryPairs({ ...input, pairScoring: 'doubt' });
      expect(Array.from(doubt.items)).toEqual(Array.from(plain.items));
      expect(doubt.pairs!.map((pair) => pair.distance)).toEqual(plain.pairs!.map((pair) => pair.distance));
      expect(doubt.pairs![0]!.reason).toMatch(/doubt factor 1\.96/);
    });
  }

  it('prefers pairs the model is less sure of, at a small cost in length', async () => {
    const world = twoDWorld(4000, 0.15, 9);
    const scores = world.input.scores!;
    const input = { ...world.input, budget: 40 };
    const plain = await selectBoundaryPairs(input);
    const doubt = await selectBoundaryPairs({ ...input, pairScoring: 'doubt' });
    expect(doubt.items).toHaveLength(40);
    expect(meanConfidence(doubt, scores)).toBeLessThan(meanConfidence(plain, scores));
  });

  it('measures confidence from doubtThreshold', async () => {
    const world = twoDWorld(2000, 0.1, 5);
    const input = { ...world.input, budget: 20, pairScoring: 'doubt' } as const;
    const half = await selectBoundaryPairs(input);
    const low = await selectBoundaryPairs({ ...input, doubtThreshold: 0.2 });
    const factor = (selection: Selection, threshold: number) => {
      const pair = selection.pairs![0]!;
      const scores = world.input.scores!;
      return doubtFactor(scores[pair.positive]!, scores[pair.negative]!, threshold).toPrecision(3);
    };
    expect(half.pairs![0]!.reason).toContain(`doubt factor ${factor(half, 0.5)}`);
    expect(low.pairs![0]!.reason).toContain(`doubt factor ${factor(low, 0.2)}`);
  });

  it('the streaming path selects what the in-memory path selects, whatever the sharding', async () => {
    const pool = blobPool(5000, 8, 'doubt-stream', 60);
    const options = { budget: 60, pairScoring: 'doubt' } as const;
    const memory = await selectBoundaryPairs({ ...pool, ...options, clusterSample: 1500 });
    const { embeddings, dimensions, ...rest } = pool as SelectionInput;
    for (const rows of [5000, 613]) {
      const streamed = await selectBoundaryPairsStreaming({
        ...rest,
        ...options,
        vectors: matrixShards(embeddings, dimensions, rows),
        sample: 1500,
      });
      expect([...streamed.items]).toEqual([...memory.items]);
      expect(streamed.pairs).toEqual(memory.pairs);
    }
  });

  it('refuses doubt without scores, and a bad option, naming it', async () => {
    const { scores: _scores, ...world } = twoDWorld(300, 0.1, 2).input;
    await expect(selectBoundaryPairs({ ...world, budget: 10, pairScoring: 'doubt' })).rejects.toThrow(
      /pairScoring 'doubt' needs the model's scores/,
    );
    const input = { ...twoDWorld(300, 0.1, 2).input, budget: 10 };
    await expect(
      selectBoundaryPairs({ ...input, pairScoring: 'nearest' as unknown as 'doubt' }),
    ).rejects.toThrow(/pairScoring must be one of distance, doubt/);
    await expect(selectBoundaryPairs({ ...input, doubtThreshold: 1 })).rejects.toThrow(
      /doubtThreshold must be in \(0, 1\)/,
    );
  });
});
