import { createPolicy, type PolicyName, type SamplingPolicy } from '@borderline/sampling';

/**
 * How boundary pairs cluster the pool's sides: `sampled` clusters a side larger than 8,192 items on a seeded
 * sample of that size and assigns every item exactly, with the pair search on the f32x4 kernel (sampling's fast
 * path); `full` clusters every side whole at every iteration (the sampling default).
 */
export type SelectionMode = 'sampled' | 'full';

/** Side size above which `sampled` clusters on a sample (sampling's measured fast path). */
export const CLUSTER_SAMPLE = 8192;

/**
 * The replay's sampler for a policy. Boundary pairs may find fewer pairs than the budget (when the current model
 * predicts almost one class, there are hardly any cross-label pairs); the replay then fills the batch with
 * uncertainty sampling (the unreviewed items the model is least sure of), and the selection's `fallback` count is
 * summed in the report as `fallbackItems`. `uncertaintyShare` > 0 has every batch take that share by uncertainty
 * sampling and the rest as pairs (off by default; the README's "Tried for item 5").
 */
export function replaySampler(
  policy: PolicyName,
  selection: SelectionMode = 'full',
  uncertaintyShare = 0,
): SamplingPolicy {
  if (policy !== 'boundary-pairs') return createPolicy(policy, {});
  return createPolicy(policy, {
    fallback: 'uncertainty',
    ...(uncertaintyShare > 0 ? { uncertaintyShare } : {}),
    ...(selection === 'sampled' ? { clusterSample: CLUSTER_SAMPLE, pairSearchKernel: 'auto' as const } : {}),
  });
}
