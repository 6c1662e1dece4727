import type { Rng } from '@borderline/core';
import { BOUNDARY_PAIR_DEFAULTS, type PairMiningOptions } from './boundary-pair-options';
import type { CandidatePair } from './candidate-pairs';
import { choosePairs } from './coverage';
import { type FallbackPolicy, fillWith } from './fallback';
import { type ClusterPairOverlap, defaultOverlapThreshold, type OverlapTest, testOverlaps } from './overlap';
import type { BoundaryPair, Selection, SelectionInput } from './policy';
import type { SideClusters } from './side-clusters';

/**
 * Steps 2-4 of the method after clustering, shared by the in-memory and the streaming selection: the overlap test
 * of every cluster pair, the candidate search (through a `find` each path implements), and the budgeted choice.
 */

/** Selected items (pool or local indices, as the candidates were) and their pairs. */
export interface Mined {
  readonly items: number[];
  readonly pairs: BoundaryPair[];
}

/** Every positive/negative cluster pair with its overlap figure, most overlapping first. */
export interface TestedPairs {
  readonly all: ClusterPairOverlap[];
  readonly threshold: number;
  readonly test: OverlapTest;
}

/**
 * The candidate pairs of some cluster pairs (step 3): item indices in the candidates are the caller's (pool
 * indices in memory; the streaming path keeps its own).
 */
export type FindCandidates = (clusterPairs: readonly ClusterPairOverlap[]) => Promise<CandidatePair[]>;

/** Tests every cluster pair of the two sides; `embeddings` holds the rows the sides' `items` index. */
export function testedPairs(
  options: PairMiningOptions,
  sides: { readonly positive: SideClusters; readonly negative: SideClusters },
  embeddings: Float32Array,
  dimensions: number,
  rng: Rng,
): TestedPairs {
  const test = options.overlap ?? BOUNDARY_PAIR_DEFAULTS.overlap;
  const threshold = options.overlapThreshold ?? defaultOverlapThreshold(test);
  const all = testOverlaps(test, {
    embeddings,
    dimensions,
    positive: sides.positive,
    negative: sides.negative,
    rng: rng.fork('overlap'),
    sampleSize: options.mixingSample ?? BOUNDARY_PAIR_DEFAULTS.mixingSample,
  });
  return { all, threshold, test };
}

/** Candidates from overlapping cluster pairs, then (if allowed and short) from the next most overlapping ones. */
export async function searchPairs(
  options: PairMiningOptions & { readonly budget: number },
  tested: TestedPairs,
  find: FindCandidates,
  warnings: string[],
): Promise<CandidatePair[]> {
  const { all, threshold, test } = tested;
  let used = all.filter((pair) => pair.overlap >= threshold).length;
  const candidates = await find(all.slice(0, used));
  const wanted = Math.ceil(options.budget / 2);
  const allowed = options.fillBelowThreshold ?? true;
  const overlapping = used;
  while (allowed && disjointBound(candidates) < wanted && used < all.length) {
    const next = all.slice(used, used + Math.max(8, used));
    used += next.length;
    candidates.push(...(await find(next)));
  }
  const best = all[0]?.overlap ?? 0;
  if (overlapping === 0) {
    warnings.push(
      `boundary-pairs: no positive/negative cluster pair overlaps under the ${test} test (best figure ${best.toPrecision(3)} < threshold ${threshold})${allowed ? '' : '; no pairs'}`,
    );
  }
  if (used > overlapping) {
    warnings.push(
      `boundary-pairs: ${overlapping} of ${all.length} cluster pairs overlap under the ${test} test; searched ${used - overlapping} more below the threshold to fill the budget`,
    );
  }
  return candidates;
}

/** An upper bound on how many item-disjoint pairs the candidates can give: the fewer distinct items of a side. */
function disjointBound(candidates: readonly CandidatePair[]): number {
  const positives = new Set<number>();
  const negatives = new Set<number>();
  for (const pair of candidates) {
    positives.add(pair.positive);
    negatives.add(pair.negative);
  }
  return Math.min(positives.size, negatives.size);
}

function medianDistance(candidates: readonly CandidatePair[]): number {
  if (candidates.length === 0) return 0;
  const sorted = Float64Array.from(candidates, (candidate) => candidate.distance).sort();
  return sorted[sorted.length >> 1]!;
}

/**
 * Step 4: the candidates chosen by the area measure, in tiers (tight pairs of overlapping cluster pairs, tight
 * pairs below the threshold, then long pairs), as items within the budget. `embeddings` holds the rows the
 * candidates' item indices refer to.
 */
export function budgeted(
  options: PairMiningOptions & { readonly budget: number },
  candidates: readonly CandidatePair[],
  threshold: number,
  rows: { readonly embeddings: Float32Array; readonly dimensions: number; readonly rng: Rng },
): Mined {
  const { budget } = options;
  const measure = options.coverage ?? BOUNDARY_PAIR_DEFAULTS.coverage;
  const pairBudget = Math.floor(budget / 2);
  const longest =
    (options.maxDistanceRatio ?? BOUNDARY_PAIR_DEFAULTS.maxDistanceRatio) * medianDistance(candidates);
  const tiers = Uint8Array.from(candidates, (candidate) =>
    candidate.distance > longest ? 2 : candidate.overlap >= threshold ? 0 : 1,
  );
  const picks = choosePairs(measure, pairBudget + (budget % 2), {
    candidates,
    tiers,
    embeddings: rows.embeddings,
    dimensions: rows.dimensions,
    rng: rows.rng.fork('coverage'),
  });
  const items: number[] = [];
  const pairs: BoundaryPair[] = [];
  for (const pick of picks) {
    const candidate = candidates[pick.candidate]!;
    if (items.length + 2 <= budget) {
      items.push(candidate.positive, candidate.negative);
      const below =
        candidate.overlap < threshold
          ? `; cluster pair below the overlap threshold (${candidate.overlap.toPrecision(3)} < ${threshold})`
          : '';
      const long = candidate.distance > longest ? `; longer than ${longest.toPrecision(3)}, taken last` : '';
      const { factor, ...pair } = candidate;
      const doubt = factor === 1 ? '' : `; doubt factor ${factor.toPrecision(3)}`;
      pairs.push({ ...pair, reason: pick.reason + below + long + doubt });
    } else if (items.length < budget) {
      // An odd budget: the last slot takes one item, the positive one (the rarer label in production pools).
      items.push(candidate.positive);
    }
  }
  return { items, pairs };
}

/** The warnings of one side's clustering worth passing on (fewer points than k is said once, by the caller). */
export function sideWarnings(
  name: 'positive' | 'negative',
  clustering: { readonly warnings: readonly string[] },
): string[] {
  return clustering.warnings
    .filter((warning) => !warning.includes('points for k'))
    .map((warning) => `boundary-pairs (${name} side): ${warning}`);
}

/**
 * Whether there is nothing to mine: budget 0, or every unreviewed item predicted one label (said in a warning).
 */
export function nothingToMine(
  budget: number,
  positives: number,
  negatives: number,
  warnings: string[],
): boolean {
  if (budget === 0) {
    warnings.push('boundary-pairs: budget 0; nothing selected');
    return true;
  }
  if (positives === 0 || negatives === 0) {
    const only = positives === 0 ? 'negative' : 'positive';
    warnings.push(
      `boundary-pairs: every unreviewed item is predicted ${only}; there are no cross-label pairs`,
    );
    return true;
  }
  return false;
}

/** The warning when a side has fewer items than its k. */
export function fewItemsWarning(name: 'positive' | 'negative', size: number, k: number): string | undefined {
  return size < k
    ? `boundary-pairs: ${size} predicted-${name} items for k = ${k}; using k = ${size}`
    : undefined;
}

/**
 * The boundary-pair selection of the mined items. Short of a non-zero `budget`, it says so in a warning and, when
 * `fallback` is set, fills the rest with it on `fallback.input()` (built only then).
 */
export async function minedSelection(
  mined: Mined,
  warnings: string[],
  budget: number,
  fallback: { readonly policy: FallbackPolicy | undefined; readonly input: () => SelectionInput },
): Promise<Selection> {
  const items = Int32Array.from(mined.items);
  const selection = { policy: 'boundary-pairs', items, pairs: mined.pairs, warnings };
  if (items.length >= budget || budget === 0) return selection;
  warnings.push(`boundary-pairs: ${items.length} items for a budget of ${budget}`);
  return fallback.policy === undefined ? selection : fillWith(fallback.policy, fallback.input(), selection);
}
