import { invalidArgument } from '@borderline/core';
import type { SelectionInput } from '@borderline/sampling';
import { expertVerdict } from './panel';
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
  const { sides } = state.config;
  if (sides !== 'labelled-share' && sides !== 'first-batch-share')
    return predict(scores, state.config.threshold);
  const firstBatch = sides === 'first-batch-share' ? firstIteration(state) : undefined;
  let positives = 0;
  let labelled = 0;
  // An item's latest panel is its verdict (as in `expertVerdicts`), so walk them newest first.
  const seen = new Set<number>();
  for (let index = state.panels.length - 1; index >= 0; index--) {
    const panel = state.panels[index]!;
    if (seen.has(panel.item)) continue;
    seen.add(panel.item);
    if (firstBatch !== undefined && panel.iteration !== firstBatch) continue;
    const { label } = expertVerdict(panel, state.config.tiePolicy);
    if (label === null) continue;
    labelled++;
    positives += label;
  }
  if (positives === 0 || positives === labelled) return predict(scores, state.config.threshold);
  return predictTopShare(scores, positives / labelled);
}

/** The iteration of the first batch the experts labelled (undefined before any). */
function firstIteration(state: CurationState): number | undefined {
  let first: number | undefined;
  for (const panel of state.panels)
    if (first === undefined || panel.iteration < first) first = panel.iteration;
  return first;
}
