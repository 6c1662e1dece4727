import { cohenKappa, majorityVote } from '@borderline/agreement';
import type { Label } from '@borderline/core';

/**
 * The majority label (0/1, -1 for a tie or no label) of each of `ids` among the recorded labels, by
 * `majorityVote` over a panel whose columns are label slots (an item's first, second, ... label): the vote does
 * not need to know who gave a label, and the matrix stays items x (most labels on one item), not items x workers.
 */
export function recordedMajority(
  ids: readonly string[],
  labels: readonly Label[],
  positive: string,
): Int32Array {
  const position = new Map(ids.map((id, index) => [id, index]));
  const counts = new Int32Array(ids.length);
  for (const label of labels) {
    const at = position.get(label.item);
    if (at !== undefined) counts[at]!++;
  }
  let slots = 1;
  for (const count of counts) slots = Math.max(slots, count);
  const matrix = new Int32Array(ids.length * slots).fill(-1);
  counts.fill(0);
  for (const label of labels) {
    const at = position.get(label.item);
    if (at === undefined) continue;
    matrix[at * slots + counts[at]!] = label.label === positive ? 1 : 0;
    counts[at]!++;
  }
  return majorityVote(matrix, { annotators: slots, categories: 2, tie: 'missing' });
}

/** Cohen's kappa between two majority columns (-1 skipped) over the items at `indices`; NaN when undefined. */
export function majorityKappa(a: Int32Array, b: Int32Array, indices: ArrayLike<number>): number {
  const left = Int32Array.from(indices as ArrayLike<number>, (index) => a[index]!);
  const right = Int32Array.from(indices as ArrayLike<number>, (index) => b[index]!);
  const result = cohenKappa(left, right, { categories: 2 });
  return result.defined ? result.kappa : Number.NaN;
}
