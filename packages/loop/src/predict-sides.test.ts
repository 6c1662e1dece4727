import { describe, expect, it } from 'vitest';
import { createCurationConfig } from './config';
import { predict, predictTopShare } from './predict';
import { predictedSides } from './selection-input';
import { startCuration } from './state';
import type { CurationSides, CurationState, PanelRecord } from './types';

describe('predictTopShare', () => {
  it('labels the top share of the scores positive', () => {
    const scores = [0.9, 0.1, 0.4, 0.8, 0.2, 0.3, 0.7, 0.6, 0.05, 0.5];
    expect(Array.from(predictTopShare(scores, 0.3).labels)).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0, 0]);
    // ceil(0.25 x 10) = 3 positives, as for 0.3.
    expect(predictTopShare(scores, 0.25).positives).toBe(3);
    expect(predictTopShare(scores, 0.01).positives).toBe(1);
  });

  it('puts ties at the cut on the positive side', () => {
    expect(Array.from(predictTopShare([0.2, 0.6, 0.6, 0.1], 0.25).labels)).toEqual([0, 1, 1, 0]);
  });

  it('refuses a share outside (0, 1)', () => {
    for (const share of [0, 1, Number.NaN]) expect(() => predictTopShare([0.5], share)).toThrow(/share/);
  });
});

function stateWith(sides: CurationSides, panels: readonly PanelRecord[]): CurationState {
  const config = createCurationConfig({ labels: ['benign', 'violating'], positive: 'violating', sides });
  return { ...startCuration(config, 10).state, panels };
}

const panel = (item: number, labels: (0 | 1)[], iteration = 1): PanelRecord => ({
  item,
  iteration,
  annotators: labels.map((_, index) => index),
  labels,
});

describe('predictedSides', () => {
  const scores = Float64Array.from([0.9, 0.1, 0.4, 0.8, 0.2, 0.3, 0.7, 0.6, 0.05, 0.5]);

  it('is the threshold by default, whatever the labels', () => {
    const state = stateWith('threshold', [panel(0, [1, 1, 0]), panel(1, [0, 0, 0])]);
    expect(predictedSides(state, scores)).toEqual(predict(scores, 0.5));
  });

  it('labelled-share: the positive side is as large a share of the pool as the experts found positive', () => {
    // Majorities 1, 0, 0, 0, 1; the tie on item 5 is excluded: 2 of 5 positive -> the top 40%.
    const panels = [
      panel(0, [1, 1, 0]),
      panel(1, [0, 0, 0]),
      panel(2, [0, 1, 0]),
      panel(3, [0, 0, 1]),
      panel(4, [1, 1, 1]),
      panel(5, [1, 0]),
    ];
    const sides = predictedSides(stateWith('labelled-share', panels), scores);
    expect(sides.positives).toBe(4);
    expect(Array.from(sides.labels)).toEqual([1, 0, 0, 1, 0, 0, 1, 1, 0, 0]);
  });

  it('labelled-share falls back to the threshold with no labels or one class', () => {
    expect(predictedSides(stateWith('labelled-share', []), scores)).toEqual(predict(scores, 0.5));
    const negatives = [panel(0, [0, 0, 0]), panel(1, [0, 0, 1])];
    expect(predictedSides(stateWith('labelled-share', negatives), scores)).toEqual(predict(scores, 0.5));
  });

  it('first-batch-share: the positive side is the share the experts found positive on the first batch only', () => {
    // First batch (iteration 1): 1 of 4 positive -> the top 25% (ceil(2.5) = 3 items). The boundary batch of
    // iteration 2 is all positive and does not count.
    const panels = [
      panel(0, [1, 1, 0]),
      panel(1, [0, 0, 0]),
      panel(2, [0, 1, 0]),
      panel(3, [0, 0, 0]),
      panel(4, [1, 1, 1], 2),
      panel(6, [1, 1, 0], 2),
    ];
    const sides = predictedSides(stateWith('first-batch-share', panels), scores);
    expect(sides).toEqual(predictTopShare(scores, 0.25));
    expect(sides.positives).toBe(3);
    // labelled-share on the same panels: 3 of 6 -> the top half.
    expect(predictedSides(stateWith('labelled-share', panels), scores)).toEqual(predictTopShare(scores, 0.5));
  });

  it('first-batch-share takes the first batch labelled, the latest panel of an item, and falls back', () => {
    // Nothing in iteration 1 (its batch was unavailable): iteration 2 is the first batch.
    const later = [panel(0, [1, 1, 1], 2), panel(1, [0, 0, 0], 2), panel(2, [0, 0, 0], 3)];
    expect(predictedSides(stateWith('first-batch-share', later), scores)).toEqual(
      predictTopShare(scores, 0.5),
    );
    // Item 1 of the first batch relabelled positive in a later iteration: it stays in the first batch, with its
    // latest verdict. Item 2 (iteration 2) does not count.
    const relabelled = [
      panel(0, [0, 0, 0]),
      panel(1, [0, 0, 0]),
      panel(2, [1, 1, 1], 2),
      panel(1, [1, 1, 0], 3),
    ];
    expect(predictedSides(stateWith('first-batch-share', relabelled), scores)).toEqual(
      predictTopShare(scores, 0.5),
    );
    // Relabelled to one class in all: the threshold.
    const allPositive = [panel(0, [1, 1, 1]), panel(1, [0, 0, 0]), panel(1, [1, 1, 0])];
    expect(predictedSides(stateWith('first-batch-share', allPositive), scores)).toEqual(predict(scores, 0.5));
    // A first batch of one class gives no share: the threshold.
    const negatives = [panel(0, [0, 0, 0]), panel(1, [0, 0, 1]), panel(2, [1, 1, 1], 2)];
    expect(predictedSides(stateWith('first-batch-share', negatives), scores)).toEqual(predict(scores, 0.5));
    expect(predictedSides(stateWith('first-batch-share', []), scores)).toEqual(predict(scores, 0.5));
  });
});
