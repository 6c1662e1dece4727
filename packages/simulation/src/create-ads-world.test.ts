import { describe, expect, it } from 'vitest';
import { createAdsWorld } from './create-ads-world';
import type { AdsTask } from './types';

const TASKS: readonly AdsTask[] = ['lower', 'higher'];

describe.each(TASKS)('createAdsWorld (%s)', (task) => {
  const world = createAdsWorld({ task, size: 20_000, seed: 7 });

  it('is byte-identical for the same seed and differs for another', () => {
    const again = createAdsWorld({ task, size: 20_000, seed: 7 });
    expect(again.texts).toEqual(world.texts);
    expect(again.ids).toEqual(world.ids);
    expect(Buffer.from(again.consensus.buffer).equals(Buffer.from(world.consensus.buffer))).toBe(true);
    expect(Buffer.from(again.subtlety.buffer).equals(Buffer.from(world.subtlety.buffer))).toBe(true);
    expect(Buffer.from(again.vertical).equals(Buffer.from(world.vertical))).toBe(true);
    expect(again.fewShot).toEqual(world.fewShot);
    const other = createAdsWorld({ task, size: 20_000, seed: 8 });
    expect(other.texts.filter((text, index) => text === world.texts[index]).length).toBeLessThan(200);
  });

  it('writes non-empty, varied texts across every vertical', () => {
    expect(world.texts.every((text) => text.length > 20 && text === text.trim())).toBe(true);
    expect(new Set(world.texts).size).toBeGreaterThan(0.95 * world.texts.length);
    const used = new Set(world.vertical);
    expect(used.size).toBe(world.verticals.length);
    expect(world.verticals.length).toBeGreaterThanOrEqual(12);
    expect(new Set(world.ids).size).toBe(world.ids.length);
  });

  it('is rare-positive (~5% violating) with a real boundary region', () => {
    let violating = 0;
    let boundary = 0;
    for (const p of world.consensus) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      if (p > 0.5) violating++;
      if (p > 0.2 && p < 0.8) boundary++;
    }
    expect(violating / world.consensus.length).toBeGreaterThan(0.035);
    expect(violating / world.consensus.length).toBeLessThan(0.07);
    expect(boundary / world.consensus.length).toBeGreaterThan(0.005);
    expect(world.subtlety.every((s) => s >= 0 && s <= 1)).toBe(true);
  });

  it('gives LLM-0 a policy and clear few-shot examples of both classes', () => {
    expect(world.policy.length).toBeGreaterThan(100);
    expect(world.fewShot.filter((example) => example.label === 1)).toHaveLength(4);
    expect(world.fewShot.filter((example) => example.label === 0)).toHaveLength(4);
    for (const example of world.fewShot) {
      const index = world.texts.indexOf(example.text);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(world.consensus[index]! > 0.5 ? 1 : 0).toBe(example.label);
    }
  });

  it('finds ads by id', () => {
    expect(world.indexOf(world.ids[123]!)).toBe(123);
    expect(world.indexOf('no-such-ad')).toBe(-1);
  });
});

it('puts the signal in the text: cue ads are violating far more often than plain ones', () => {
  const world = createAdsWorld({ task: 'lower', size: 20_000, seed: 3 });
  const cue = /won't believe|shocking|weird trick|secret|blow your mind|never guess/i;
  let cueViolating = 0;
  let cueCount = 0;
  let plainViolating = 0;
  for (let index = 0; index < world.texts.length; index++) {
    const violating = world.consensus[index]! > 0.5 ? 1 : 0;
    if (cue.test(world.texts[index]!)) {
      cueCount++;
      cueViolating += violating;
    } else plainViolating += violating;
  }
  expect(cueCount).toBeGreaterThan(100);
  expect(cueViolating / cueCount).toBeGreaterThan(0.9);
  expect(plainViolating / (world.texts.length - cueCount)).toBeLessThan(0.05);
});

it('makes the higher task depend on combinations: a claim with a certainty phrase outweighs either alone', () => {
  const world = createAdsWorld({ task: 'higher', size: 30_000, seed: 4 });
  // Explicit claims read "<claim> with our <product>."; hints are testimonials.
  const claim = / with our /;
  const hint =
    /years younger|never mentioned|their pills|goodbye to aches|old jeans|fast it works|than their salary|do not want you|second income|retired early|making thousands|grow their money/;
  const certainty = /Guaranteed results|Zero risk|Instant results|100% guaranteed|Works for everyone/;
  const groups = { both: [0, 0], claim: [0, 0], certainty: [0, 0] };
  for (let index = 0; index < world.texts.length; index++) {
    const text = world.texts[index]!;
    if (hint.test(text)) continue;
    const hasClaim = claim.test(text);
    const hasCertainty = certainty.test(text);
    const group =
      hasClaim && hasCertainty
        ? groups.both
        : hasClaim
          ? groups.claim
          : hasCertainty
            ? groups.certainty
            : null;
    if (group === null) continue;
    group[0]! += world.consensus[index]!;
    group[1]! += 1;
  }
  const mean = (group: number[]) => group[0]! / group[1]!;
  expect(mean(groups.both)).toBeGreaterThan(0.6);
  expect(mean(groups.claim)).toBeLessThan(0.4);
  expect(mean(groups.certainty)).toBeLessThan(0.1);
});

it('rejects bad options', () => {
  expect(() => createAdsWorld({ task: 'lower', size: 0, seed: 1 })).toThrow(/size/);
  expect(() => createAdsWorld({ task: 'middle' as AdsTask, seed: 1 })).toThrow(/task/);
});
