import { BorderlineError, type VectorShards } from '@borderline/core';
import {
  type AssignPass,
  createPolicy,
  type PolicyName,
  type PolicyOptions,
  type Selection,
  type StreamingFallback,
  selectBoundaryPairsStreaming,
  withProvenance,
} from '@borderline/sampling';

/** What a policy reads for a sharded pool: the vectors one shard at a time, never one matrix. */
export interface ShardedSelectionInput {
  readonly vectors: VectorShards;
  /** The current model's label per item: 1 positive, 0 negative. */
  readonly predicted: Uint8Array;
  readonly scores: Float64Array;
  /** 1 for items already sent to review. */
  readonly reviewed: Uint8Array;
  readonly budget: number;
  readonly seed: string;
  readonly signal?: AbortSignal;
  /** The nearest-centre pass, when the store runs it as shard jobs (default: in process, shard by shard). */
  readonly assign?: AssignPass;
}

/** A sampling policy over a sharded pool. */
export type ShardedSamplingPolicy = (input: ShardedSelectionInput) => Promise<Selection>;

/** The policies that run on a sharded pool: boundary pairs (streaming) and the baselines that read no vectors. */
export const SHARDED_POLICY_NAMES = [
  'boundary-pairs',
  'random',
  'stratified',
  'uncertainty',
  'margin',
] as const;

/** What may fill a short boundary-pair batch on a sharded pool: the fallbacks the streaming path offers. */
export const SHARDED_FALLBACK_NAMES: readonly StreamingFallback[] = ['random', 'uncertainty', 'stratified'];

const WHY_NOT: Record<string, string> = {
  'k-center':
    'it measures every item against the chosen centres after each pick, which needs the whole pool of vectors in memory',
};

/** Refuses a policy (or fallback) that cannot run on a sharded pool, saying why and what can. */
export function checkShardedPolicy(name: string, role: 'policy' | 'fallback' = 'policy'): void {
  const allowed: readonly string[] = role === 'policy' ? SHARDED_POLICY_NAMES : SHARDED_FALLBACK_NAMES;
  if (allowed.includes(name)) return;
  const reason =
    WHY_NOT[name] ??
    (role === 'policy'
      ? 'it is not one of the policies that stream over shards'
      : 'the streaming boundary-pair selection fills a short batch only with policies that read no vectors');
  throw new BorderlineError({
    code: 'invalid-argument',
    message: `${role} "${name}" cannot run on a sharded pool: ${reason}; use one of ${allowed.join(', ')}`,
  });
}

/**
 * The sharded counterpart of sampling's `createPolicy`: boundary pairs through `selectBoundaryPairsStreaming`,
 * the baselines as they are (they read the scores and labels, not the vectors). k-center is refused.
 */
export function createShardedPolicy(name: PolicyName, options: PolicyOptions = {}): ShardedSamplingPolicy {
  checkShardedPolicy(name);
  if (options.fallback !== undefined) checkShardedPolicy(options.fallback, 'fallback');
  if (name === 'boundary-pairs') {
    const { fallback, ...mining } = options;
    const streaming = fallback === undefined ? {} : { fallback: fallback as StreamingFallback };
    return async (input) =>
      withProvenance(await selectBoundaryPairsStreaming({ ...mining, ...streaming, ...input }));
  }
  const baseline = createPolicy(name, options);
  return (input) =>
    // The baselines check the input's shape by its vectors' length but never read them: one float per item
    // stands in (the pool's vectors stay in their shards).
    baseline({
      embeddings: new Float32Array(input.predicted.length),
      dimensions: 1,
      predicted: input.predicted,
      scores: input.scores,
      reviewed: input.reviewed,
      budget: input.budget,
      seed: input.seed,
      ...(input.signal === undefined ? {} : { signal: input.signal }),
    });
}
