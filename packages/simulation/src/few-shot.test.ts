import { createRng } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { createAdsWorld } from './create-ads-world';
import { FEW_SHOT_PER_CLASS, pickFewShot } from './few-shot';
import type { AdsTask } from './types';

const words = (text: string) => text.split(' ').length;

describe.each(['lower', 'higher'] as AdsTask[])('pickFewShot (%s)', (task) => {
  const world = createAdsWorld({ task, size: 20_000, seed: 5 });

  it('pairs each clear positive with a clear negative of the same vertical and length', () => {
    const examples = world.fewShot;
    expect(examples).toHaveLength(2 * FEW_SHOT_PER_CLASS);
    const subtle: boolean[] = [];
    for (let pair = 0; pair < FEW_SHOT_PER_CLASS; pair++) {
      const positive = world.texts.indexOf(examples[2 * pair]!.text);
      const negative = world.texts.indexOf(examples[2 * pair + 1]!.text);
      expect(examples[2 * pair]!.label).toBe(1);
      expect(examples[2 * pair + 1]!.label).toBe(0);
      expect(world.consensus[positive]!).toBeGreaterThan(0.9);
      expect(world.consensus[negative]!).toBeLessThan(0.05);
      expect(world.vertical[negative]).toBe(world.vertical[positive]);
      expect(words(world.texts[negative]!)).toBe(words(world.texts[positive]!));
      subtle.push(world.subtlety[positive]! > 0.5);
    }
    // Both kinds of violation the policy names are shown: obvious and subtle, alternately.
    expect(subtle).toEqual([false, true, false, true]);
  });

  it('falls back to unmatched clear examples in a pool too small to match', () => {
    const tiny = createAdsWorld({ task, size: 300, seed: 1 });
    const examples = pickFewShot(createRng(1), tiny);
    expect(examples.filter((example) => example.label === 1).length).toBeGreaterThan(0);
    for (const example of examples) {
      const p = tiny.consensus[tiny.texts.indexOf(example.text)]!;
      expect(example.label === 1 ? p > 0.9 : p < 0.05).toBe(true);
    }
  });

  it('gives an empty set for an empty pool', () => {
    const empty = {
      texts: [],
      consensus: new Float64Array(0),
      subtlety: new Float32Array(0),
      vertical: new Uint8Array(0),
    };
    expect(pickFewShot(createRng(1), empty)).toEqual([]);
  });
});
