import { selectRandom, selectStratified, selectUncertain } from './baselines';
import { selectKCenter } from './k-center';
import type { Selection, SelectionInput } from './policy';

/** Policies a short boundary-pair batch may be filled with. */
export type FallbackPolicy = 'random' | 'stratified' | 'uncertainty' | 'margin' | 'k-center';

/** Runs a baseline policy by name. */
export function runBaseline(name: FallbackPolicy, input: SelectionInput): Promise<Selection> {
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

/** Tops a short selection up to the budget with `name`, treating already selected items as reviewed. */
export async function fillWith(
  name: FallbackPolicy,
  input: SelectionInput,
  partial: Selection,
): Promise<Selection> {
  const reviewed = Uint8Array.from(input.reviewed);
  for (const item of partial.items) reviewed[item] = 1;
  const rest = await runBaseline(name, {
    ...input,
    reviewed,
    budget: input.budget - partial.items.length,
    seed: `${input.seed}:fallback`,
  });
  const items = new Int32Array(partial.items.length + rest.items.length);
  items.set(partial.items);
  items.set(rest.items, partial.items.length);
  const warnings = [
    ...partial.warnings,
    `${partial.policy}: filled ${rest.items.length} items with the ${name} policy (fallback)`,
    ...rest.warnings,
  ];
  return { ...partial, items, warnings };
}
