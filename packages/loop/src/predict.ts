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
