import { invalidArgument } from '@borderline/core';

/**
 * How candidate pairs are ranked:
 * - `distance`: by their Euclidean distance alone (the paper's nearest cross-label pairs).
 * - `doubt`: by the distance times the pair's doubt factor (1 + c+)(1 + c-), where c = |p - t| / max(t, 1 - t) in
 *   [0, 1] is an item's confidence (its score p's distance from the cut t, scaled so that 1 is a certain item), so
 *   a pair of two items at the cut keeps its length and a pair of two certain items counts four times as long. The
 *   candidate search orders and keeps each cluster pair's proposals by this length, and the coverage step weighs
 *   its greedy criterion by the factor (farthest-first: spread / factor; facility-location: gain / factor).
 */
export type PairScoring = 'distance' | 'doubt';

/** The rankings this package implements. */
export const PAIR_SCORINGS: readonly PairScoring[] = ['distance', 'doubt'];

/** A pair's doubt factor from its two items' indices (the caller's indices); absent when pairs are ranked by distance. */
export type PairFactor = (positive: number, negative: number) => number;

/** The default cut of the doubt factor: the loop's default threshold. */
export const DOUBT_THRESHOLD_DEFAULT = 0.5;

/** An item's confidence: |p - t| / max(t, 1 - t), clamped to [0, 1]. */
export function confidence(score: number, threshold: number): number {
  const value = Math.abs(score - threshold) / Math.max(threshold, 1 - threshold);
  return Math.min(value, 1);
}

/** The doubt factor of a pair of items with these scores: (1 + c+)(1 + c-), in [1, 4]. */
export function doubtFactor(positive: number, negative: number, threshold: number): number {
  return (1 + confidence(positive, threshold)) * (1 + confidence(negative, threshold));
}

/**
 * The pair factor of `pairScoring` over pool indices, or undefined for `distance`. `doubt` needs the model's
 * scores; without them it throws `invalid-argument` (component `component`).
 */
export function pairFactor(
  options: { readonly pairScoring?: PairScoring; readonly doubtThreshold?: number },
  scores: Float64Array | undefined,
  component: string,
): PairFactor | undefined {
  if ((options.pairScoring ?? 'distance') === 'distance') return undefined;
  if (scores === undefined)
    throw invalidArgument(component, "pairScoring 'doubt' needs the model's scores; none were given");
  const threshold = options.doubtThreshold ?? DOUBT_THRESHOLD_DEFAULT;
  return (positive, negative) => doubtFactor(scores[positive]!, scores[negative]!, threshold);
}

/** Throws `invalid-argument` naming the option unless `pairScoring` and `doubtThreshold` are valid or absent. */
export function checkPairScoring(
  options: { readonly pairScoring?: PairScoring; readonly doubtThreshold?: number },
  component: string,
): void {
  if (options.pairScoring !== undefined && !PAIR_SCORINGS.includes(options.pairScoring)) {
    throw invalidArgument(
      component,
      `pairScoring must be one of ${PAIR_SCORINGS.join(', ')}, got ${String(options.pairScoring)}`,
    );
  }
  const threshold = options.doubtThreshold;
  if (threshold !== undefined && !(threshold > 0 && threshold < 1)) {
    throw invalidArgument(component, `doubtThreshold must be in (0, 1), got ${threshold}`);
  }
}
