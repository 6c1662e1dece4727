import { describe, expect, it } from 'vitest';
import { createAdsWorld } from './create-ads-world';
import { createCrowd } from './create-crowd';
import type { AdsTask } from './types';

describe.each(['lower', 'higher'] as AdsTask[])('createCrowd (%s)', (task) => {
  const world = createAdsWorld({ task, seed: 12 });
  const crowd = createCrowd(world, { seed: 4 });

  it('is ~95% benign on the whole pool', () => {
    const positives = crowd.labels.reduce((sum, label) => sum + label, 0);
    const benign = 1 - positives / crowd.labels.length;
    expect(benign).toBeGreaterThan(0.94);
    expect(benign).toBeLessThan(0.96);
  });

  it('misses subtle violations more than obvious ones', () => {
    const hits = { obvious: [0, 0], subtle: [0, 0] };
    for (let index = 0; index < crowd.labels.length; index++) {
      if (world.consensus[index]! < 0.9) continue;
      const group = world.subtlety[index]! >= 0.5 ? hits.subtle : hits.obvious;
      group[0]! += crowd.labels[index]!;
      group[1]! += 1;
    }
    expect(hits.subtle[1]).toBeGreaterThan(100);
    const recallSubtle = hits.subtle[0]! / hits.subtle[1]!;
    const recallObvious = hits.obvious[0]! / hits.obvious[1]!;
    expect(recallObvious - recallSubtle).toBeGreaterThan(0.25);
  });

  it('is deterministic and spreads items over the worker pool', () => {
    const again = createCrowd(world, { seed: 4 });
    expect(Buffer.from(again.labels).equals(Buffer.from(crowd.labels))).toBe(true);
    expect(Buffer.from(again.worker.buffer).equals(Buffer.from(crowd.worker.buffer))).toBe(true);
    expect(Buffer.from(createCrowd(world, { seed: 5 }).labels).equals(Buffer.from(crowd.labels))).toBe(false);
    expect(crowd.annotators).toHaveLength(200);
    expect(new Set(crowd.worker).size).toBe(200);
  });
});

it('hands labels out as Label records and as annotations', async () => {
  const world = createAdsWorld({ task: 'lower', size: 1_000, seed: 1 });
  const crowd = createCrowd(world, { seed: 2, workers: 20 });
  const labels = crowd.toLabels(Int32Array.of(3, 7));
  expect(labels).toHaveLength(2);
  expect(labels[0]).toEqual({
    item: world.ids[3],
    annotator: crowd.annotators[crowd.worker[3]!],
    role: 'crowd',
    label: crowd.labels[3] === 1 ? 'violating' : 'benign',
  });
  expect(crowd.toLabels()).toHaveLength(1_000);
  const [annotation, missing] = await crowd.annotate([
    { id: world.ids[7]!, text: '' },
    { id: 'nope', text: '' },
  ]);
  expect(annotation).toEqual({ status: 'labelled', item: world.ids[7], labels: [labels[1]] });
  expect(missing?.status).toBe('unavailable');
  expect(() => crowd.toLabels(Int32Array.of(-1))).toThrow(/outside/);
  expect(() => createCrowd(world, { seed: 1, workers: 0 })).toThrow(/workers/);
});
