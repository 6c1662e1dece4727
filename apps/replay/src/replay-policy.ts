import type { CurationSides } from '@borderline/loop';
import {
  createPolicy,
  type FirstBatch,
  type PairScoring,
  type PolicyName,
  type SamplingPolicy,
} from '@borderline/sampling';

/**
 * How boundary pairs cluster the pool's sides: `sampled` clusters a side larger than 8,192 items on a seeded
 * sample of that size and assigns every item exactly, with the pair search on the f32x4 kernel (sampling's fast
 * path); `full` clusters every side whole at every iteration (the sampling default).
 */
export type SelectionMode = 'sampled' | 'full';

/** Side size above which `sampled` clusters on a sample (sampling's measured fast path). */
export const CLUSTER_SAMPLE = 8192;

/**
 * Boundary pairs' choices of the method (the README's "Tried for item 5"), whose defaults are the loop's: an
 * uncertainty share of every batch, how pairs are ranked, what the first batch is, how the predicted sides are
 * drawn. Other policies ignore them.
 */
export interface PairMethod {
  /** Share of each batch chosen by uncertainty sampling (sampling's `uncertaintyShare`); 0 = pairs only. */
  readonly uncertaintyShare: number;
  /** How candidate pairs are ranked (sampling's `pairScoring`). */
  readonly pairScoring: PairScoring;
  /** What the first batch is (sampling's `firstBatch`). */
  readonly firstBatch: FirstBatch;
  /** How the predicted sides are drawn (the run config's `sides`; `threshold` leaves the config as it is). */
  readonly sides: CurationSides;
  /** The run's threshold, the cut the doubt factor measures from. */
  readonly doubtThreshold?: number;
}

/** The method options out of the replay's resolved options. */
export function pairMethod(options: {
  readonly uncertaintyShare: number;
  readonly pairScoring: PairScoring;
  readonly firstBatch: FirstBatch;
  readonly sides: CurationSides;
}): PairMethod {
  const { uncertaintyShare, pairScoring, firstBatch, sides } = options;
  return { uncertaintyShare, pairScoring, firstBatch, sides };
}

/**
 * The replay's sampler for a policy. Boundary pairs may find fewer pairs than the budget (when the current model
 * predicts almost one class, there are hardly any cross-label pairs); the replay then fills the batch with
 * uncertainty sampling (the unreviewed items the model is least sure of), and the selection's `fallback` count is
 * summed in the report as `fallbackItems`. `uncertaintyShare` > 0 has every batch take that share by uncertainty
 * sampling and the rest as pairs; `pairScoring` and `firstBatch` change how pairs are ranked and what the first
 * batch is (the replay passes its options, whose defaults are the loop's `DEFAULT_SELECTION`; see {@link PairMethod}).
 */
export function replaySampler(
  policy: PolicyName,
  selection: SelectionMode = 'full',
  method: Partial<PairMethod> = {},
): SamplingPolicy {
  if (policy !== 'boundary-pairs') return createPolicy(policy, {});
  const { uncertaintyShare = 0, pairScoring = 'distance', firstBatch = 'pairs', doubtThreshold } = method;
  return createPolicy(policy, {
    fallback: 'uncertainty',
    ...(uncertaintyShare > 0 ? { uncertaintyShare } : {}),
    ...(pairScoring === 'doubt'
      ? { pairScoring, ...(doubtThreshold === undefined ? {} : { doubtThreshold }) }
      : {}),
    ...(firstBatch === 'pairs' ? {} : { firstBatch }),
    ...(selection === 'sampled' ? { clusterSample: CLUSTER_SAMPLE, pairSearchKernel: 'auto' as const } : {}),
  });
}
