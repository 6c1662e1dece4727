import { invalidArgument } from '@borderline/core';
import type { AdsWorld } from './types';

/**
 * Consensus bin edges of a curated composition. Spaced on the logit scale near 0 and 1: most curated items are
 * near-certain negatives, and where in (0, .05) they sit moves the crowd's false-positive rate.
 */
export const CONSENSUS_EDGES: readonly number[] = [0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99];
/** Subtlety bin edges (the crowd's miss grows linearly with subtlety). */
export const SUBTLETY_EDGES: readonly number[] = [0.25, 0.5, 0.75];
/** Cells of a composition: (consensus bins) x (subtlety bins). */
export const COMPOSITION_CELLS = (CONSENSUS_EDGES.length + 1) * (SUBTLETY_EDGES.length + 1);

/**
 * What a curated set is made of, in the two quantities the panels read: the share of its items in each
 * (consensus bin, subtlety bin) cell. The experts' labels depend on consensus only, the crowd's on consensus and
 * subtlety, so two sets with the same composition give the same agreement figures in expectation.
 */
export interface CuratedComposition {
  /** Items in the set (a proxy drawn to this composition has this many, when the pool allows). */
  readonly size: number;
  /**
   * Share of items per cell, row-major: row = consensus bin (`CONSENSUS_EDGES`), column = subtlety bin
   * (`SUBTLETY_EDGES`); `COMPOSITION_CELLS` entries summing to 1.
   */
  readonly shares: readonly number[];
}

function binOf(value: number, edges: readonly number[]): number {
  let bin = 0;
  while (bin < edges.length && value >= edges[bin]!) bin++;
  return bin;
}

/** The composition cell of an ad with this consensus and subtlety. */
export function compositionCell(consensus: number, subtlety: number): number {
  return binOf(consensus, CONSENSUS_EDGES) * (SUBTLETY_EDGES.length + 1) + binOf(subtlety, SUBTLETY_EDGES);
}

/** Measures the composition of a set of ad indices (for example the replay's real curated set). */
export function curatedComposition(world: AdsWorld, indices: Int32Array): CuratedComposition {
  if (indices.length === 0) throw invalidArgument('curatedComposition', 'needs at least one item');
  const counts = new Float64Array(COMPOSITION_CELLS);
  const size = world.consensus.length;
  for (let row = 0; row < indices.length; row++) {
    const index = indices[row]!;
    if (!(index >= 0 && index < size)) {
      throw invalidArgument('curatedComposition', `indices[${row}] = ${index} is outside [0, ${size})`);
    }
    counts[compositionCell(world.consensus[index]!, world.subtlety[index]!)]! += 1;
  }
  return { size: indices.length, shares: Array.from(counts, (count) => count / indices.length) };
}
