import { matrixShards } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { twoDWorld } from './__fixtures__/worlds';
import { createPolicy } from './create-policy';
import { selectBoundaryPairs } from './select-boundary-pairs';
import { selectBoundaryPairsStreaming } from './select-boundary-pairs-streaming';

describe('the first batch across the score strata', () => {
  it('takes one item from each equal stratum of the score ranking', async () => {
    const world = twoDWorld(1000, 0.1, 3);
    // Scores that rank items in reverse index order: stratum s of 10 holds items 999 - 100 s - [0, 100).
    const scores = Float64Array.from({ length: 1000 }, (_, item) => 1 - item / 1000);
    const selection = await createPolicy('boundary-pairs', { firstBatch: 'score-strata' })({
      ...world.input,
      scores,
      budget: 10,
    });
    expect(selection.items).toHaveLength(10);
    expect(Array.from(selection.items, (item) => 9 - Math.floor(item / 100))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(selection.chosenBy).toEqual(Array(10).fill('score-strata'));
    expect(selection.pairs).toBeUndefined();
    expect(selection.fallback).toBeUndefined();
  });

  it('strata of uneven size still give one distinct item each, and the seed decides which', async () => {
    const world = twoDWorld(997, 0.1, 4);
    const input = { ...world.input, budget: 37, firstBatch: 'score-strata' } as const;
    const a = await selectBoundaryPairs({ ...input, seed: 'a' });
    const b = await selectBoundaryPairs({ ...input, seed: 'b' });
    expect(new Set(a.items).size).toBe(37);
    expect(Array.from(a.items)).not.toEqual(Array.from(b.items));
    expect(Array.from(await selectBoundaryPairs({ ...input, seed: 'a' }).then((s) => s.items))).toEqual(
      Array.from(a.items),
    );
    const ranked = Array.from({ length: 997 }, (_, item) => item).sort(
      (x, y) => world.input.scores![x]! - world.input.scores![y]! || x - y,
    );
    const rank = new Map(ranked.map((item, position) => [item, position]));
    a.items.forEach((item, stratum) => {
      const position = rank.get(item)!;
      expect(position).toBeGreaterThanOrEqual(Math.floor((stratum * 997) / 37));
      expect(position).toBeLessThan(Math.floor(((stratum + 1) * 997) / 37));
    });
  });

  it('applies only at the cold start: once an item is reviewed, the batch is boundary pairs', async () => {
    const world = twoDWorld(2000, 0.1, 6);
    const reviewed = new Uint8Array(2000);
    reviewed[17] = 1;
    const input = { ...world.input, reviewed, budget: 30 };
    const plain = await selectBoundaryPairs(input);
    const later = await selectBoundaryPairs({ ...input, firstBatch: 'score-strata' });
    expect(later).toEqual(plain);
  });

  it('the streaming path takes the same first batch', async () => {
    const world = twoDWorld(1500, 0.1, 8);
    const { embeddings, dimensions, ...rest } = world.input;
    const options = { budget: 24, firstBatch: 'score-strata' } as const;
    const memory = await selectBoundaryPairs({ ...world.input, ...options });
    const streamed = await selectBoundaryPairsStreaming({
      ...rest,
      ...options,
      vectors: matrixShards(embeddings, dimensions, 400),
    });
    expect(streamed).toEqual(memory);
  });

  it('refuses the rule without scores, and an unknown rule, naming the option', async () => {
    const { scores: _scores, ...world } = twoDWorld(300, 0.1, 2).input;
    await expect(selectBoundaryPairs({ ...world, budget: 10, firstBatch: 'score-strata' })).rejects.toThrow(
      /firstBatch 'score-strata' needs the model's scores/,
    );
    await expect(
      selectBoundaryPairs({ ...world, budget: 10, firstBatch: 'random' as unknown as 'pairs' }),
    ).rejects.toThrow(/firstBatch must be one of pairs, score-strata/);
  });
});
