import type { Selection } from '@borderline/sampling';
import type { SelectionEntry } from './types';

/**
 * A selection as review rows, each with the reason it was chosen: a boundary pair names its partner and the
 * distance; any other item names the policy that chose it (`chosenBy`): a fallback-filled item says it filled in
 * for the policy, an item the policy chose another way (its score-strata first batch, its uncertainty share) says
 * it is part of the policy's batch, also when that share's policy is the fallback's (boundary pairs' uncertainty
 * share beside an uncertainty fallback: `fallback.from` and `items` say which ranks the fallback filled).
 */
export function selectionEntries(
  selection: Selection,
  idOf: (item: number) => string | undefined,
): SelectionEntry[] {
  const pairs = new Map<number, string>();
  for (const pair of selection.pairs ?? []) {
    const text = (other: number) =>
      `boundary pair with ${idOf(other) ?? other} (distance ${pair.distance.toFixed(3)}): ${pair.reason}`;
    pairs.set(pair.positive, text(pair.negative));
    pairs.set(pair.negative, text(pair.positive));
  }
  const fallback = selection.fallback;
  const filled = (rank: number) =>
    fallback !== undefined && rank >= fallback.from && rank < fallback.from + fallback.items;
  return Array.from(selection.items, (item, rank) => {
    const policy = selection.chosenBy?.[rank] ?? selection.policy;
    const whose =
      policy === selection.policy
        ? ''
        : filled(rank)
          ? ` (fallback for ${selection.policy})`
          : ` (part of ${selection.policy})`;
    const reason = pairs.get(item) ?? `${policy} rank ${rank + 1}${whose}`;
    return { rank, item: idOf(item) ?? String(item), reason };
  });
}
