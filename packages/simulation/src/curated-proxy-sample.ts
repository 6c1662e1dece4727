import { createRng, invalidArgument, type Seed } from '@borderline/core';
import { COMPOSITION_CELLS, type CuratedComposition, compositionCell } from './curated-composition';
import { LOOP_COMPOSITION } from './loop-composition';
import type { AdsWorld } from './types';

/** Options of `curatedProxySample`. */
export interface CuratedProxyOptions {
  readonly seed: Seed;
  /** The composition to draw to; the task's `LOOP_COMPOSITION` (what the replay's loop selects) by default. */
  readonly composition?: CuratedComposition;
  /** Items to draw; the composition's size by default. */
  readonly size?: number;
}

/**
 * A curated-like sample of ad indices (sorted ascending): the calibration stand-in for the loop's curated set.
 * Each (consensus, subtlety) cell of the composition gets its share of `size` (largest remainder), drawn
 * uniformly without replacement from the world's ads in that cell; a cell the pool cannot fill gives all it has,
 * so on a small world the sample can be shorter than `size`.
 */
export function curatedProxySample(world: AdsWorld, options: CuratedProxyOptions): Int32Array {
  const composition = options.composition ?? LOOP_COMPOSITION[world.task];
  const size = options.size ?? composition.size;
  const n = world.consensus.length;
  if (!Number.isInteger(size) || size < 0 || size > n) {
    throw invalidArgument('curatedProxySample', `size must be an integer in [0, ${n}], got ${size}`);
  }
  const wanted = cellCounts(composition.shares, size);
  // Counting sort of the pool by cell: members of cell c are order[start[c] .. start[c + 1]).
  const cells = new Uint8Array(n);
  const start = new Int32Array(COMPOSITION_CELLS + 1);
  for (let index = 0; index < n; index++) {
    const cell = compositionCell(world.consensus[index]!, world.subtlety[index]!);
    cells[index] = cell;
    start[cell + 1]! += 1;
  }
  for (let cell = 0; cell < COMPOSITION_CELLS; cell++) start[cell + 1]! += start[cell]!;
  const next = start.slice(0, COMPOSITION_CELLS);
  const order = new Int32Array(n);
  for (let index = 0; index < n; index++) order[next[cells[index]!]!++] = index;
  // Per cell, a partial Fisher-Yates shuffle picks the first `take` members.
  const rng = createRng(options.seed).fork(`curated-proxy:${world.task}`);
  const chosen = new Int32Array(size);
  let filled = 0;
  for (let cell = 0; cell < COMPOSITION_CELLS; cell++) {
    const from = start[cell]!;
    const members = start[cell + 1]! - from;
    const take = Math.min(wanted[cell]!, members);
    for (let slot = 0; slot < take; slot++) {
      const swap = from + slot + rng.int(0, members - slot);
      const picked = order[swap]!;
      order[swap] = order[from + slot]!;
      order[from + slot] = picked;
      chosen[filled++] = picked;
    }
  }
  return chosen.subarray(0, filled).sort();
}

/** Items per cell: the shares (normalised) of `size`, rounded by largest remainder so they sum to `size`. */
function cellCounts(shares: readonly number[], size: number): Int32Array {
  if (shares.length !== COMPOSITION_CELLS) {
    throw invalidArgument(
      'curatedProxySample',
      `composition.shares must have ${COMPOSITION_CELLS} entries, got ${shares.length}`,
    );
  }
  let total = 0;
  for (const [cell, share] of shares.entries()) {
    if (!(share >= 0)) {
      throw invalidArgument('curatedProxySample', `composition.shares[${cell}] must be >= 0, got ${share}`);
    }
    total += share;
  }
  if (!(total > 0)) throw invalidArgument('curatedProxySample', 'composition.shares must not all be 0');
  const counts = new Int32Array(COMPOSITION_CELLS);
  const remainders = new Float64Array(COMPOSITION_CELLS);
  let assigned = 0;
  for (let cell = 0; cell < COMPOSITION_CELLS; cell++) {
    const exact = (size * shares[cell]!) / total;
    counts[cell] = Math.floor(exact);
    remainders[cell] = exact - counts[cell]!;
    assigned += counts[cell]!;
  }
  const byRemainder = Int32Array.from({ length: COMPOSITION_CELLS }, (_, cell) => cell).sort(
    (a, b) => remainders[b]! - remainders[a]! || a - b,
  );
  for (let rank = 0; assigned < size; rank++, assigned++) counts[byRemainder[rank]!]! += 1;
  return counts;
}
