import { selectRandom, selectStratified, selectUncertain } from './baselines';
import { selectKCenter } from './k-center';
import type { Selection, SelectionInput } from './policy';

/**
 * The baseline policies, by name: each can run on its own and each can fill a short boundary-pair batch. The one
 * list every app offers (`createPolicy`'s names are boundary pairs plus these).
 */
export const FALLBACK_NAMES = ['random', 'stratified', 'uncertainty', 'margin', 'k-center'] as const;

/** Policies a short boundary-pair batch may be filled with. */
export type FallbackPolicy = (typeof FALLBACK_NAMES)[number];

/** Runs a baseline policy by name; every item of its answer is `chosenBy` it. */
export async function runBaseline(name: FallbackPolicy, input: SelectionInput): Promise<Selection> {
  return withProvenance(await baseline(name, input));
}

function baseline(name: FallbackPolicy, input: SelectionInput): Promise<Selection> {
  switch (name) {
    case 'random':
      return selectRandom(input);
    case 'stratified':
      return selectStratified(input);
    case 'uncertainty':
      return selectUncertain(input, 'least-confident');
    case 'margin':
      return selectUncertain(input, 'margin');
    case 'k-center':
      return selectKCenter(input);
  }
}

/** The selection with `chosenBy` filled in (every item by `selection.policy`) when the policy left it out. */
export function withProvenance(selection: Selection): Selection {
  if (selection.chosenBy !== undefined) return selection;
  return { ...selection, chosenBy: Array.from(selection.items, () => selection.policy) };
}

/**
 * Tops a short selection up to the budget with `name`, treating already selected items as reviewed. The answer
 * keeps the first policy's name; `chosenBy` says which policy chose each item and `fallback` how many items the
 * fallback filled, from which rank (also said in a warning, for people).
 */
export async function fillWith(
  name: FallbackPolicy,
  input: SelectionInput,
  partial: Selection,
): Promise<Selection> {
  const { selection, added } = await extendWith(
    name,
    input,
    partial,
    input.budget - partial.items.length,
    'fallback',
  );
  const warnings = [
    ...partial.warnings,
    `${partial.policy}: filled ${added.items.length} items with the ${name} policy (fallback)`,
    ...added.warnings,
  ];
  return {
    ...selection,
    fallback: { policy: name, items: added.items.length, from: partial.items.length },
    warnings,
  };
}

/**
 * Appends `count` items chosen by `name` to a selection, treating its items as reviewed (a planned share of the
 * batch, not a fallback: `fallback` is left as it was). `chosenBy` names the policy of each item.
 */
export async function appendWith(
  name: FallbackPolicy,
  input: SelectionInput,
  partial: Selection,
  count: number,
): Promise<Selection> {
  const { selection, added } = await extendWith(name, input, partial, count, 'share');
  return { ...selection, warnings: [...partial.warnings, ...added.warnings] };
}

async function extendWith(
  name: FallbackPolicy,
  input: SelectionInput,
  partial: Selection,
  count: number,
  stream: string,
): Promise<{ selection: Selection; added: Selection }> {
  const reviewed = Uint8Array.from(input.reviewed);
  for (const item of partial.items) reviewed[item] = 1;
  const added = await runBaseline(name, {
    ...input,
    reviewed,
    budget: count,
    seed: `${input.seed}:${stream}`,
  });
  const items = new Int32Array(partial.items.length + added.items.length);
  items.set(partial.items);
  items.set(added.items, partial.items.length);
  const chosenBy = [...(withProvenance(partial).chosenBy ?? []), ...(added.chosenBy ?? [])];
  return { selection: { ...partial, items, chosenBy }, added };
}
