import { invalidArgument } from '@borderline/core';
import { FALLBACK_NAMES, runBaseline, withProvenance } from './fallback';
import type { KCenterOptions } from './k-center';
import { selectKCenter } from './k-center';
import type { SamplingPolicy } from './policy';
import { type BoundaryPairOptions, selectBoundaryPairs } from './select-boundary-pairs';

/** Every policy `createPolicy` knows: boundary pairs, then the baselines (`FALLBACK_NAMES`). */
export const POLICY_NAMES = ['boundary-pairs', ...FALLBACK_NAMES] as const;

export { FALLBACK_NAMES };

/** A policy name. */
export type PolicyName = (typeof POLICY_NAMES)[number];

/** Options per policy: boundary-pair choices, k-center limits; the other baselines take none. */
export type PolicyOptions = BoundaryPairOptions & KCenterOptions;

/** True when `name` is a policy this package implements. */
export function isPolicyName(name: string): name is PolicyName {
  return (POLICY_NAMES as readonly string[]).includes(name);
}

/**
 * A {@link SamplingPolicy} by name, with its options bound; its selections always carry `chosenBy`. Unknown names
 * throw `invalid-argument`.
 */
export function createPolicy(name: PolicyName, options: PolicyOptions = {}): SamplingPolicy {
  if (!isPolicyName(name))
    throw invalidArgument(
      'createPolicy',
      `unknown policy "${String(name)}"; expected one of ${POLICY_NAMES.join(', ')}`,
    );
  switch (name) {
    case 'boundary-pairs':
      return async (input) => withProvenance(await selectBoundaryPairs({ ...options, ...input }));
    case 'k-center':
      return async (input) => withProvenance(await selectKCenter(input, options));
    case 'random':
    case 'stratified':
    case 'uncertainty':
    case 'margin':
      return (input) => runBaseline(name, input);
  }
}
