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
 * and seed. The one place a driver builds a policy's input.
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
  if (state.config.sides !== 'labelled-share') return predict(scores, state.config.threshold);
  let positives = 0;
  let labelled = 0;
  for (const verdict of expertVerdicts(state).values()) {
    if (verdict.label === null) continue;
    labelled++;
    positives += verdict.label;
  }
  if (positives === 0 || positives === labelled) return predict(scores, state.config.threshold);
  return predictTopShare(scores, positives / labelled);
}
