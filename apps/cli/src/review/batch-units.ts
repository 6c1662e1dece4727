import type { ReviewUnit } from './review-backend';

/** A ranked batch entry as the selection recorded it. */
export interface RankedEntry {
  readonly item: string;
  readonly reason?: string;
}

const PAIR_PREFIX = 'boundary pair with ';
const PAIR_SUFFIX = ' (distance ';

/** The partner named by a boundary-pair reason (`boundary pair with <id> (distance d): ...`), if any. */
export function pairPartner(reason: string | undefined): string | undefined {
  if (reason === undefined || !reason.startsWith(PAIR_PREFIX)) return undefined;
  const end = reason.indexOf(PAIR_SUFFIX, PAIR_PREFIX.length);
  return end < 0 ? undefined : reason.slice(PAIR_PREFIX.length, end);
}

/**
 * Groups a ranked batch into what the page shows at once: the two items of a boundary pair together (when each
 * names the other, as the selection's reasons do), every other item alone. Units keep the rank order of their
 * first item. The store keeps no pair table, so the pairs are read back from the reasons.
 */
export function reviewUnits(entries: readonly RankedEntry[]): ReviewUnit[] {
  const partnerOf = new Map<string, string>();
  for (const entry of entries) {
    const partner = pairPartner(entry.reason);
    if (partner !== undefined) partnerOf.set(entry.item, partner);
  }
  const placed = new Set<string>();
  const units: ReviewUnit[] = [];
  for (const entry of entries) {
    if (placed.has(entry.item)) continue;
    placed.add(entry.item);
    const partner = partnerOf.get(entry.item);
    if (partner !== undefined && !placed.has(partner) && partnerOf.get(partner) === entry.item) {
      placed.add(partner);
      units.push({ kind: 'pair', items: [entry.item, partner] });
    } else {
      units.push({ kind: 'single', items: [entry.item] });
    }
  }
  return units;
}
