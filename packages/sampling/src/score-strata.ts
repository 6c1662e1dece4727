import { createRng, invalidArgument, type Seed } from '@borderline/core';
import type { Selection } from './policy';
import { cappedBudget } from './selection-input';

/**
 * What boundary pairs do on the first batch (the cold start, when no item of the pool has been reviewed yet):
 * - `pairs`: boundary pairs, as on every later batch (the paper's method).
 * - `score-strata`: the unreviewed items ranked by the model's score are cut into `budget` strata of equal size
 *   (ranks [floor(s m / B), floor((s + 1) m / B)) for m items and budget B), and one item is drawn uniformly at
 *   random from each (seeded): a batch spread over the whole range of the zero-shot model's scores, which ranks
 *   better than it is calibrated. Boundary pairs select from the second batch on.
 */
export type FirstBatch = 'pairs' | 'score-strata';

/** The first-batch rules this package implements. */
export const FIRST_BATCHES: readonly FirstBatch[] = ['pairs', 'score-strata'];

/** Throws `invalid-argument` naming the option unless `firstBatch` is valid or absent. */
export function checkFirstBatch(firstBatch: FirstBatch | undefined, component: string): void {
  if (firstBatch !== undefined && !FIRST_BATCHES.includes(firstBatch)) {
    throw invalidArgument(
      component,
      `firstBatch must be one of ${FIRST_BATCHES.join(', ')}, got ${String(firstBatch)}`,
    );
  }
}

/** What the score-strata batch reads. */
export interface StrataInput {
  readonly scores?: Float64Array;
  readonly reviewed: Uint8Array;
  readonly budget: number;
  readonly seed: Seed;
}

/** True when the `score-strata` rule applies: asked for, and no item reviewed yet. */
export function isScoreStrataBatch(firstBatch: FirstBatch | undefined, reviewed: Uint8Array): boolean {
  if (firstBatch !== 'score-strata') return false;
  for (let index = 0; index < reviewed.length; index++) if (reviewed[index] !== 0) return false;
  return true;
}

/**
 * The `score-strata` first batch (see {@link FirstBatch}): one seeded draw from each of `budget` equal strata of
 * the unreviewed items by score (ties by index). Needs `scores`; throws `invalid-argument` without them.
 */
export function selectScoreStrata(input: StrataInput, component: string): Selection {
  const { scores, reviewed } = input;
  if (scores === undefined)
    throw invalidArgument(component, "firstBatch 'score-strata' needs the model's scores; none were given");
  let count = 0;
  for (let index = 0; index < reviewed.length; index++) if (reviewed[index] === 0) count++;
  const ranked = new Int32Array(count);
  let at = 0;
  for (let index = 0; index < reviewed.length; index++) if (reviewed[index] === 0) ranked[at++] = index;
  ranked.sort((a, b) => scores[a]! - scores[b]! || a - b);
  const warnings: string[] = [];
  const budget = cappedBudget(input.budget, count, warnings, component);
  const rng = createRng(input.seed).fork('score-strata');
  const items = new Int32Array(budget);
  for (let stratum = 0; stratum < budget; stratum++) {
    const start = Math.floor((stratum * count) / budget);
    const end = Math.floor(((stratum + 1) * count) / budget);
    items[stratum] = ranked[rng.int(start, end)]!;
  }
  return {
    policy: 'boundary-pairs',
    items,
    // `chosenBy` says how the batch was drawn; `warnings` are for degenerate inputs only (a budget capped here).
    chosenBy: Array.from(items, () => 'score-strata'),
    warnings,
  };
}
