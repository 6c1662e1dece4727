import type { FirstBatch, PairScoring } from '@borderline/sampling';
import type { CurationSides } from './types';

/** A selection's choices beside its policy: boundary pairs' first batch and pair scoring, and the sides. */
export interface SelectionChoices {
  readonly firstBatch?: FirstBatch | undefined;
  readonly pairScoring?: PairScoring | undefined;
  readonly sides?: CurationSides | undefined;
}

/** Every choice made. `firstBatch` and `pairScoring` are absent for a policy other than boundary pairs. */
export type ResolvedSelection = Omit<SelectionChoices, 'sides'> & { readonly sides: CurationSides };

/**
 * The loop's default selection for boundary pairs: the first batch drawn from the strata of LLM-0's scores, the
 * sides at that batch's positive share, pairs scored by the model's doubt. Chosen by a comparison over seeds
 * fixed before it ran (the replay README, "Tried for item 5", fifth round). Sampling's own defaults stay the
 * paper's plain method (`pairs`, `distance`; the loop's `threshold` sides) for a caller that builds a policy by
 * hand; {@link resolveSelection} is what the CLI and the replay use.
 */
export const DEFAULT_SELECTION: Required<ResolvedSelection> = {
  firstBatch: 'score-strata',
  pairScoring: 'doubt',
  sides: 'first-batch-share',
};

/**
 * The choices a run of `policy` gets: those given, and the defaults that go with them (for boundary pairs see
 * {@link boundaryPairSelection}). Other policies read neither the first batch nor the pair scoring (left out) and
 * their sides default to `threshold`. Checks nothing: see {@link sidesProblem}.
 */
export function resolveSelection(policy: string, given: SelectionChoices = {}): ResolvedSelection {
  if (policy === 'boundary-pairs') return boundaryPairSelection(given);
  return { sides: given.sides ?? 'threshold' };
}

/**
 * Boundary pairs' choices: those given, the first batch and pair scoring defaulting to {@link DEFAULT_SELECTION}'s,
 * and the sides to its `first-batch-share` where {@link sidesProblem} allows it (the score-strata first batch, the
 * only one that estimates the pool's rate), else `threshold`.
 */
export function boundaryPairSelection(given: SelectionChoices = {}): Required<ResolvedSelection> {
  const firstBatch = given.firstBatch ?? DEFAULT_SELECTION.firstBatch;
  const pairScoring = given.pairScoring ?? DEFAULT_SELECTION.pairScoring;
  const fits = sidesProblem(DEFAULT_SELECTION.sides, { policy: 'boundary-pairs', firstBatch }) === undefined;
  const sides = given.sides ?? (fits ? DEFAULT_SELECTION.sides : 'threshold');
  return { firstBatch, pairScoring, sides };
}

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
