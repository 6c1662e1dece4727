import type { Selection } from '@borderline/sampling';
import type { SelectionEntry } from './types';

/**
 * A selection as review rows, each with the reason it was chosen: a boundary pair names its partner and the
 * distance; any other item names the policy that chose it (`chosenBy`): a fallback-filled item says it filled in
 * for the policy, an item the policy chose another way (its score-strata first batch, its uncertainty share) says
 * it is part of the policy's batch, also when that share's policy is the fallback's (boundary pairs' uncertainty
 * share beside an uncertainty fallback: the fallback's items come first).
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
  // A fallback fills the pairs' budget before a planned share is appended, so its items are the first
  // `fallback.items` chosen by its policy; a share by the same policy (uncertainty) comes after them.
  let fallbackLeft = selection.fallback?.items ?? 0;
  return Array.from(selection.items, (item, rank) => {
    const policy = selection.chosenBy?.[rank] ?? selection.policy;
    let whose = '';
    if (policy !== selection.policy) {
      const filled = policy === selection.fallback?.policy && fallbackLeft > 0;
      if (filled) fallbackLeft -= 1;
      whose = filled ? ` (fallback for ${selection.policy})` : ` (part of ${selection.policy})`;
    }
    const reason = pairs.get(item) ?? `${policy} rank ${rank + 1}${whose}`;
    return { rank, item: idOf(item) ?? String(item), reason };
  });
}
