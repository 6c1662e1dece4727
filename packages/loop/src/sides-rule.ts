import type { FirstBatch } from '@borderline/sampling';
import type { CurationSides } from './types';

/** The selection a run's sides go with: the policy's name and, for boundary pairs, its first batch. */
export interface SidesSelection {
  readonly policy: string;
  readonly firstBatch?: FirstBatch | undefined;
}

/**
 * Why `sides` cannot go with this selection, or undefined when it can. `first-batch-share` takes the pool's
 * positive rate from the first batch's expert majorities, which estimates it only when that batch is drawn
 * across the pool: boundary pairs' `score-strata` first batch. The other rules go with any selection (only
 * boundary pairs read the sides). The words name no option: each caller adds its own flags or fields.
 */
export function sidesProblem(
  sides: CurationSides | undefined,
  selection: SidesSelection,
): string | undefined {
  if (sides !== 'first-batch-share') return undefined;
  if (selection.policy === 'boundary-pairs' && selection.firstBatch === 'score-strata') return undefined;
  return "first-batch-share estimates the pool's positive rate from the first batch, so it needs that batch drawn across the pool: boundary pairs with the score-strata first batch";
}
