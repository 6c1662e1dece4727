import { BorderlineError } from '@borderline/core';

/** A model's scores thresholded into labels: 1 where P(positive) >= the threshold. */
export interface Prediction {
  readonly labels: Uint8Array;
  readonly positives: number;
}

/**
 * Thresholds P(positive) scores into 0/1 labels (the run's `config.threshold`: a score at or above it is a
 * positive prediction) and counts the positives. The one place a score becomes a label; `into` reuses a buffer.
 */
export function predict(scores: ArrayLike<number>, threshold: number, into?: Uint8Array): Prediction {
  const labels = into ?? new Uint8Array(scores.length);
  let positives = 0;
  for (let index = 0; index < scores.length; index++) {
    const label = scores[index]! >= threshold ? 1 : 0;
    labels[index] = label;
    positives += label;
  }
  return { labels, positives };
}

/**
 * The top `share` of the scores as positives: an item is positive when its score is at or above the score of
 * rank ceil(share x n) from the top (ties at the cut go positive, so a few more may be). `share` in (0, 1).
 */
export function predictTopShare(scores: ArrayLike<number>, share: number, into?: Uint8Array): Prediction {
  if (!(share > 0 && share < 1) || scores.length === 0) {
    throw new BorderlineError({
      code: 'invalid-argument',
      message: `predictTopShare: share must be in (0, 1), got ${share}`,
    });
  }
  const sorted = Float64Array.from(scores).sort();
  const rank = Math.min(scores.length, Math.ceil(share * scores.length));
  return predict(scores, sorted[scores.length - rank]!, into);
}
