import { invalidArgument } from '@borderline/core';
import type { SelectionInput } from '@borderline/sampling';
import { expertVerdicts } from './panel';
import type { VectorSpace } from './pool-rows';
import { type Prediction, predict, predictTopShare } from './predict';
import { reviewedMask } from './state';
import type { CurationEffect, CurationState } from './types';

/**
 * What the sampling policy reads for a `select` effect: the pool's vectors, the current model's scores over the
 * pool and its labels at the run's threshold, the items already sent (never chosen again), the effect's budget
 * and seed. The one place a driver builds a policy's input (the sharded path adds its shards to
 * {@link selectionBasis}).
 */
export function selectionInput(
  state: CurationState,
  effect: Extract<CurationEffect, { type: 'select' }>,
  pool: { readonly space: VectorSpace; readonly vectors: Float32Array; readonly scores: Float64Array },
  signal?: AbortSignal,
): SelectionInput {
  const { space, vectors, scores } = pool;
  if (vectors.length !== state.poolSize * space.dimensions || scores.length !== state.poolSize) {
    throw invalidArgument(
      'selectionInput',
      `the pool has ${state.poolSize} items but ${vectors.length / space.dimensions} vector rows and ${scores.length} scores`,
    );
  }
  return {
    embeddings: vectors,
    dimensions: space.dimensions,
    ...selectionBasis(state, effect, scores, signal),
  };
}

/**
 * What every policy reads besides the vectors, in memory or sharded: the scores, the predicted sides under the
 * run's `sides` rule, the items already sent, the effect's budget and seed, the signal.
 */
export function selectionBasis(
  state: CurationState,
  effect: Extract<CurationEffect, { type: 'select' }>,
  scores: Float64Array,
  signal?: AbortSignal,
) {
  return {
    predicted: predictedSides(state, scores).labels,
    scores,
    reviewed: reviewedMask(state),
    budget: effect.budget,
    seed: effect.seed,
    ...(signal === undefined ? {} : { signal }),
  };
}

/** The selection's predicted sides under the run's `sides` rule (see `CurationConfig.sides`). */
export function predictedSides(state: CurationState, scores: Float64Array): Prediction {
  const { sides } = state.config;
  if (sides !== 'labelled-share' && sides !== 'first-batch-share')
    return predict(scores, state.config.threshold);
  const { positives, labelled } = labelledShare(state, sides === 'first-batch-share');
  if (positives === 0 || positives === labelled) return predict(scores, state.config.threshold);
  return predictTopShare(scores, positives / labelled);
}

/**
 * Positive expert majorities over labelled items (ties excluded), over every item or, with `firstBatchOnly`, over
 * the items of the first batch the experts labelled. An item's verdict is its latest panel's (`expertVerdicts`).
 */
function labelledShare(state: CurationState, firstBatchOnly: boolean) {
  const counted = firstBatchOnly ? firstBatchItems(state) : undefined;
  let positives = 0;
  let labelled = 0;
  for (const [item, { label }] of expertVerdicts(state)) {
    if (label === null || (counted !== undefined && !counted.has(item))) continue;
    labelled++;
    positives += label;
  }
  return { positives, labelled };
}

/** The items of the earliest iteration with a panel: no item has a panel before it, so it is their first. */
function firstBatchItems(state: CurationState): Set<number> {
  let first = Number.POSITIVE_INFINITY;
  for (const panel of state.panels) first = Math.min(first, panel.iteration);
  const items = new Set<number>();
  for (const panel of state.panels) if (panel.iteration === first) items.add(panel.item);
  return items;
}
