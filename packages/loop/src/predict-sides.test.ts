import { describe, expect, it } from 'vitest';
import { createCurationConfig } from './config';
import { predict, predictTopShare } from './predict';
import { predictedSides } from './selection-input';
import { startCuration } from './state';
import type { CurationState, PanelRecord } from './types';

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

function stateWith(sides: 'threshold' | 'labelled-share', panels: readonly PanelRecord[]): CurationState {
  const config = createCurationConfig({ labels: ['benign', 'violating'], positive: 'violating', sides });
  return { ...startCuration(config, 10).state, panels };
}

const panel = (item: number, labels: (0 | 1)[]): PanelRecord => ({
  item,
  iteration: 1,
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
});
