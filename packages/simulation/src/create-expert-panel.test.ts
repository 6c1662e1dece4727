import type { Annotator } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { createAdsWorld } from './create-ads-world';
import { createCrowd } from './create-crowd';
import { createExpertPanel } from './create-expert-panel';

const world = createAdsWorld({ task: 'higher', size: 5_000, seed: 5 });
const all = Int32Array.from({ length: world.ids.length }, (_, index) => index);

describe('createExpertPanel', () => {
  it('labels are a pure function of (seed, expert, item)', () => {
    const panel = createExpertPanel(world, { seed: 9 });
    const first = panel.labelIndices(all).matrix;
    expect(createExpertPanel(world, { seed: 9 }).labelIndices(all).matrix).toEqual(first);
    expect(panel.labelIndices(all).matrix).toEqual(first);
    // Order of asking does not matter: the rows follow their items.
    const reversed = Int32Array.from(all).reverse();
    const back = panel.labelIndices(reversed).matrix;
    for (let row = 0; row < all.length; row += 97) {
      const original = all.length - 1 - row;
      expect(Array.from(back.subarray(row * 3, row * 3 + 3))).toEqual(
        Array.from(first.subarray(original * 3, original * 3 + 3)),
      );
    }
    const other = createExpertPanel(world, { seed: 10 }).labelIndices(all).matrix;
    expect(other).not.toEqual(first);
  });

  it('draws around the consensus, independently per expert', () => {
    const panel = createExpertPanel(world, { experts: 5, seed: 2 });
    const { matrix, annotators } = panel.labelIndices(all);
    expect(annotators).toEqual(['expert-1', 'expert-2', 'expert-3', 'expert-4', 'expert-5']);
    let labelled = 0;
    let expected = 0;
    let disagreements = 0;
    for (let row = 0; row < all.length; row++) {
      let votes = 0;
      for (let expert = 0; expert < 5; expert++) votes += matrix[row * 5 + expert]!;
      labelled += votes;
      expected += 5 * world.consensus[row]!;
      if (votes > 0 && votes < 5) disagreements++;
    }
    expect(Math.abs(labelled - expected) / expected).toBeLessThan(0.15);
    expect(disagreements).toBeGreaterThan(20);
  });

  it('annotates items like a runners Annotator, matching the fast path', async () => {
    const panel = createExpertPanel(world, { seed: 9 });
    const items = [world.ids[0]!, 'unknown', world.ids[42]!].map((id) => ({ id, text: 'x' }));
    const annotations = await panel.annotate(items);
    expect(panel.specificationVersion).toBe('v1');
    expect(panel.role).toBe('expert');
    expect(annotations[1]).toEqual({
      status: 'unavailable',
      item: 'unknown',
      reason: expect.stringContaining('higher'),
    });
    const fast = panel.labelIndices(Int32Array.of(0, 42)).matrix;
    for (const [position, row] of [
      [0, 0],
      [2, 1],
    ] as const) {
      const annotation = annotations[position]!;
      if (annotation.status !== 'labelled') throw new Error('expected labels');
      expect(annotation.labels.map((label) => label.annotator)).toEqual(['expert-1', 'expert-2', 'expert-3']);
      expect(
        annotation.labels.every((label) => label.role === 'expert' && label.item === items[position]!.id),
      ).toBe(true);
      expect(annotation.labels.map((label) => (label.label === 'violating' ? 1 : 0))).toEqual(
        Array.from(fast.subarray(row * 3, row * 3 + 3)),
      );
    }
  });

  it('is assignable to the Annotator contract of @borderline/core (checked by tsc)', () => {
    const experts: Annotator = createExpertPanel(world, { seed: 1 });
    const crowd: Annotator = createCrowd(world, { seed: 1 });
    expect([experts.role, crowd.role]).toEqual(['expert', 'crowd']);
  });

  it('stops on an aborted signal and rejects bad arguments', async () => {
    const panel = createExpertPanel(world, { seed: 1 });
    const controller = new AbortController();
    controller.abort();
    await expect(panel.annotate([], { signal: controller.signal })).rejects.toThrow(/aborted/);
    expect(() => panel.labelIndices(Int32Array.of(world.ids.length))).toThrow(/outside/);
    expect(() => createExpertPanel(world, { seed: 1, experts: 0 })).toThrow(/experts/);
  });
});
