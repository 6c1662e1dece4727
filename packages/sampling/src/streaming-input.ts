import { invalidArgument, type VectorShards } from '@borderline/core';
import type { AssignPass } from './assign-pass';
import { checkMiningOptions, checkPositiveInteger, type PairMiningOptions } from './boundary-pair-options';
import type { SelectionInput } from './policy';
import { checkVectorShards } from './shard-reads';

/** Fallbacks the streaming path can run: the policies that read no vectors. */
export type StreamingFallback = 'random' | 'uncertainty' | 'stratified';

/** The default seeded sample per side that the streaming path fits k-means on. */
export const STREAMING_SAMPLE_DEFAULT = 20_000;

/** A phase of the streaming selection, reported as it ends (for progress and for the bench's figures). */
export interface StreamingPhase {
  readonly phase: 'fit' | 'assign' | 'overlap' | 'candidates' | 'coverage';
  /** Shard reads during the phase (by this function; an injected assign pass counts its own). */
  readonly shardsRead: number;
}

/**
 * Input of {@link selectBoundaryPairsStreaming}: a pool whose vectors are read shard by shard (`vectors`), with
 * the model's view of every item in memory (a few bytes per item), and the method's shared options.
 */
export interface StreamingBoundaryPairInput
  extends PairMiningOptions,
    Omit<SelectionInput, 'embeddings' | 'dimensions'> {
  /** The pool's vectors, one shard at a time. */
  readonly vectors: VectorShards;
  /** Fill a short batch with this policy (off by default): only policies that read no vectors. */
  readonly fallback?: StreamingFallback;
  /**
   * Each side's k-means is fitted on a seeded sample of this many of its unreviewed items (default 20,000; the
   * whole side when smaller), then every item is assigned exactly by the assignment pass. Memory holds the sample.
   */
  readonly sample?: number;
  /** The assignment pass (default {@link streamingAssign} over `vectors`); a job queue can run it instead. */
  readonly assign?: AssignPass;
  /** Called as each phase ends (libraries do not print; the caller may). */
  readonly onPhase?: (phase: StreamingPhase) => void;
}

const FALLBACKS: readonly StreamingFallback[] = ['random', 'uncertainty', 'stratified'];

/** Checks shapes and options; throws `invalid-argument` naming the field. Returns the pool size. */
export function checkStreamingInput(input: StreamingBoundaryPairInput): number {
  const component = 'boundary-pairs (streaming)';
  checkVectorShards(input.vectors, component);
  const { count } = input.vectors;
  const sized = (name: string, length: number | undefined): void => {
    if (length !== undefined && length !== count)
      throw invalidArgument(component, `${name} has ${length} entries for ${count} items`);
  };
  sized('predicted', input.predicted.length);
  sized('reviewed', input.reviewed.length);
  sized('scores', input.scores?.length);
  if (!Number.isInteger(input.budget) || input.budget < 0) {
    throw invalidArgument(component, `budget must be an integer >= 0, got ${input.budget}`);
  }
  checkMiningOptions(input, component);
  checkPositiveInteger(input.sample, 'sample', component);
  if (input.fallback !== undefined && !FALLBACKS.includes(input.fallback)) {
    throw invalidArgument(
      component,
      `fallback must be one of ${FALLBACKS.join(', ')} (policies that read no vectors), got ${input.fallback}`,
    );
  }
  return count;
}
