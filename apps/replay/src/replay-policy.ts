import { createPolicy, type PolicyName, type SamplingPolicy } from '@borderline/sampling';
import { createSharedSelection } from './shared-selection';

/**
 * The replay's sampler for a policy. Boundary pairs may find fewer pairs than the budget (when the current model
 * predicts almost one class, there are hardly any cross-label pairs); the replay then fills the batch with
 * uncertainty sampling (the unreviewed items the model is least sure of), and the warning is counted in the report
 * as `fallbackItems`. Shared between the two models of a task (see createSharedSelection).
 */
export function replaySampler(policy: PolicyName): SamplingPolicy {
  const options = policy === 'boundary-pairs' ? { fallback: 'uncertainty' as const } : {};
  return createSharedSelection(createPolicy(policy, options));
}

const FILLED = /filled (\d+) items with the \S+ policy \(fallback\)/;

/** Items a selection's warnings say were filled by the fallback policy. */
export function fallbackCount(warnings: readonly string[]): number {
  let count = 0;
  for (const warning of warnings) {
    const match = FILLED.exec(warning);
    if (match) count += Number(match[1]);
  }
  return count;
}
