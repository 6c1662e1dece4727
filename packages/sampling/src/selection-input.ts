import { invalidArgument } from '@borderline/core';
import type { SelectionInput } from './policy';

/** Checks a {@link SelectionInput}'s shapes and returns the pool size; throws `invalid-argument` naming the field. */
export function checkSelectionInput(input: SelectionInput, component: string): number {
  const { embeddings, dimensions, predicted, reviewed, budget, scores } = input;
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw invalidArgument(component, `dimensions must be a positive integer, got ${dimensions}`);
  }
  if (embeddings.length % dimensions !== 0) {
    throw invalidArgument(
      component,
      `embeddings.length ${embeddings.length} is not a multiple of dimensions ${dimensions}`,
    );
  }
  const count = embeddings.length / dimensions;
  if (predicted.length !== count) {
    throw invalidArgument(component, `predicted has ${predicted.length} entries for ${count} items`);
  }
  if (reviewed.length !== count)
    throw invalidArgument(component, `reviewed has ${reviewed.length} entries for ${count} items`);
  if (scores !== undefined && scores.length !== count) {
    throw invalidArgument(component, `scores has ${scores.length} entries for ${count} items`);
  }
  if (!Number.isInteger(budget) || budget < 0) {
    throw invalidArgument(component, `budget must be an integer >= 0, got ${budget}`);
  }
  return count;
}

/** Indices of unreviewed items, optionally only those predicted `label`. */
export function unreviewedIndices(input: SelectionInput, label?: 0 | 1): Int32Array {
  const { predicted, reviewed } = input;
  let total = 0;
  for (let index = 0; index < reviewed.length; index++) {
    if (reviewed[index] === 0 && (label === undefined || (predicted[index]! !== 0 ? 1 : 0) === label))
      total++;
  }
  const out = new Int32Array(total);
  let at = 0;
  for (let index = 0; index < reviewed.length; index++) {
    if (reviewed[index] === 0 && (label === undefined || (predicted[index]! !== 0 ? 1 : 0) === label))
      out[at++] = index;
  }
  return out;
}

/** The budget when it exceeds what is selectable, with a warning; otherwise the budget. */
export function cappedBudget(
  budget: number,
  available: number,
  warnings: string[],
  component: string,
): number {
  if (budget > available) {
    warnings.push(
      `${component}: budget ${budget} exceeds the ${available} selectable (unreviewed) items; selecting ${available}`,
    );
    return available;
  }
  return budget;
}
