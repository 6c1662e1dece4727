import { createPolicy, type PolicyName, type SamplingPolicy } from '@borderline/sampling';

/**
 * The replay's sampler for a policy. Boundary pairs may find fewer pairs than the budget (when the current model
 * predicts almost one class, there are hardly any cross-label pairs); the replay then fills the batch with
 * uncertainty sampling (the unreviewed items the model is least sure of), and the selection's `fallback` count is
 * summed in the report as `fallbackItems`.
 */
export function replaySampler(policy: PolicyName): SamplingPolicy {
  return createPolicy(policy, policy === 'boundary-pairs' ? { fallback: 'uncertainty' } : {});
}
