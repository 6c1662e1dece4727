import { createRng, invalidArgument } from '@borderline/core';
import type { Selection, SelectionInput } from './policy';
import { cappedBudget, checkSelectionInput, unreviewedIndices } from './selection-input';
import { smallestPositions } from './smallest';

/** Uniform random unreviewed items (seeded). */
export async function selectRandom(input: SelectionInput): Promise<Selection> {
  checkSelectionInput(input, 'random');
  const warnings: string[] = [];
  const pool = unreviewedIndices(input);
  const budget = cappedBudget(input.budget, pool.length, warnings, 'random');
  const picks = createRng(input.seed).fork('random').sample(pool.length, budget);
  return { policy: 'random', items: picks.map((position) => pool[position]!), warnings };
}

/**
 * Stratified by predicted label with equal allocation: half the budget from each predicted label (the
 * positive side gets the odd item), the shortfall of a small side filled from the other. Equal rather than
 * proportional allocation because pools are under 1% positive, where proportional would be near-random.
 * Items alternate positive, negative while both last.
 */
export async function selectStratified(input: SelectionInput): Promise<Selection> {
  checkSelectionInput(input, 'stratified');
  const warnings: string[] = [];
  const positives = unreviewedIndices(input, 1);
  const negatives = unreviewedIndices(input, 0);
  const budget = cappedBudget(input.budget, positives.length + negatives.length, warnings, 'stratified');
  let positiveTake = Math.min(positives.length, Math.ceil(budget / 2));
  const negativeTake = Math.min(negatives.length, budget - positiveTake);
  positiveTake = Math.min(positives.length, budget - negativeTake);
  if (positives.length === 0 || negatives.length === 0) {
    warnings.push(
      `stratified: every unreviewed item is predicted ${positives.length === 0 ? 'negative' : 'positive'}; one stratum only`,
    );
  }
  const rng = createRng(input.seed);
  const a = rng
    .fork('positive')
    .sample(positives.length, positiveTake)
    .map((p) => positives[p]!);
  const b = rng
    .fork('negative')
    .sample(negatives.length, negativeTake)
    .map((p) => negatives[p]!);
  return { policy: 'stratified', items: interleave(a, b), warnings };
}

function interleave(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let at = 0;
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    if (index < a.length) out[at++] = a[index]!;
    if (index < b.length) out[at++] = b[index]!;
  }
  return out;
}

/** Which uncertainty a policy ranks by (for two labels both orders coincide; see README). */
export type UncertaintyKind = 'least-confident' | 'margin';

/**
 * Uncertainty sampling on the model's P(positive): `least-confident` takes the items whose top probability
 * max(p, 1 - p) is lowest, `margin` those whose gap |p - (1 - p)| between the two labels is smallest. Ties are
 * broken by a seeded shuffle. Needs `scores`.
 */
export async function selectUncertain(input: SelectionInput, kind: UncertaintyKind): Promise<Selection> {
  const policy = kind === 'margin' ? 'margin' : 'uncertainty';
  checkSelectionInput(input, policy);
  if (input.scores === undefined)
    throw invalidArgument(policy, 'needs scores (the model P(positive) per item)');
  const scores = input.scores;
  const warnings: string[] = [];
  const pool = createRng(input.seed).fork(policy).shuffle(unreviewedIndices(input));
  const budget = cappedBudget(input.budget, pool.length, warnings, policy);
  const keys = new Float64Array(pool.length);
  let invalid = 0;
  for (let position = 0; position < pool.length; position++) {
    const p = scores[pool[position]!]!;
    if (!(p >= 0 && p <= 1)) invalid++;
    const key = kind === 'margin' ? Math.abs(2 * p - 1) : Math.max(p, 1 - p);
    // A missing or out-of-range score ranks last instead of poisoning the order.
    keys[position] = Number.isFinite(key) && p >= 0 && p <= 1 ? key : Number.POSITIVE_INFINITY;
  }
  if (invalid > 0) warnings.push(`${policy}: ${invalid} scores outside [0, 1] or NaN were ranked last`);
  const picks = smallestPositions(keys, budget);
  return { policy, items: picks.map((position) => pool[position]!), warnings };
}
