import { createRng, invalidArgument, type Rng, throwIfAborted } from '@borderline/core';
import { copyRows, createCrossKernel, type KernelChoice } from '@borderline/kmeans';
import { type CandidatePair, findCandidatePairs } from './candidate-pairs';
import { type CoverageMeasure, choosePairs } from './coverage';
import { appendWith, type FallbackPolicy, fillWith } from './fallback';
import { type ClusterPairOverlap, defaultOverlapThreshold, type OverlapTest, testOverlaps } from './overlap';
import type { BoundaryPair, Selection, SelectionInput } from './policy';
import { checkSelectionInput, unreviewedIndices } from './selection-input';
import type { SideClusterCache } from './side-cluster-cache';
import { clusterSide, defaultClusterCount, type SideClusters } from './side-clusters';

/** The choices of {@link selectBoundaryPairs}; every field has a documented default. */
export interface BoundaryPairOptions {
  /** Clusters per side, one number for both or per label (default: {@link defaultClusterCount} per side). */
  readonly k?: number | { readonly positive: number; readonly negative: number };
  /** The overlap test (default 'radius'; see README for the comparison). */
  readonly overlap?: OverlapTest;
  /** Overrides the test's default threshold (radius 1, mixing 0.01). */
  readonly overlapThreshold?: number;
  /** Quantile of member distances that defines a cluster's robust radius (default 0.9). */
  readonly radiusQuantile?: number;
  /** Points sampled per cluster by the mixing test (default 48). */
  readonly mixingSample?: number;
  /** The area measure used when pairs exceed the budget (default 'farthest-first'; see README). */
  readonly coverage?: CoverageMeasure;
  /**
   * Candidate pairs longer than this multiple of the median candidate distance are taken only after all others
   * (default 3): a long "nearest" pair marks a gap in the data, not a region of confusion, and farthest-first
   * would otherwise favour such isolated pairs.
   */
  readonly maxDistanceRatio?: number;
  /** Pairs kept per overlapping cluster pair (default 8). */
  readonly maxPairsPerClusterPair?: number;
  /** Members per cluster, nearest the partner centroid, searched exactly for pairs (default 64). */
  readonly candidatesPerCluster?: number;
  /**
   * When the overlapping cluster pairs yield fewer pairs than the budget, also search the next most overlapping
   * cluster pairs below the threshold (their pairs' reasons say so). Default true: after a few iterations the
   * reviewed boundary items are gone and the gap between the sides widens, so a strict test alone starves the
   * batch. False keeps strictly to overlapping cluster pairs.
   */
  readonly fillBelowThreshold?: boolean;
  /** Fill a short batch (no pairs, or too few) with this policy; off by default, reported in warnings. */
  readonly fallback?: FallbackPolicy;
  /**
   * Warm-start each side's k-means from the centres this cache kept at the last call on the same pool, and keep
   * this call's (off by default; see {@link SideClusterCache} and the README's figures). One cache per run.
   */
  readonly clusterCache?: SideClusterCache;
  /**
   * Distance kernel of the pair search (step 3): 'js' (default) sums in f64 and gives the reference results;
   * 'auto' (or 'wasm-simd') runs it on the f32x4 WebAssembly kernel, several times faster, where two candidate
   * distances equal to float32 precision may be ordered the other way. Reported pair distances are exact either way.
   */
  readonly pairSearchKernel?: KernelChoice;
  /**
   * Cluster a side larger than this on a seeded sample of this many items (k-means++ and 20 Lloyd rounds on the
   * WebAssembly kernel), then assign every item of the side to the nearest centre exactly. Off by default (sides
   * over 20,000 items get mini-batch k-means); fresh at every call, unlike `clusterCache`. See the README.
   */
  readonly clusterSample?: number;
  /**
   * Share of the budget, in [0, 1), chosen by uncertainty sampling (the unreviewed items the model is least sure
   * of) after the boundary pairs fill the rest: a batch of pairs plus an uncertainty share. Default 0 (pairs only);
   * the share's items are `chosenBy` 'uncertainty' and are not a fallback. See the replay README's "Tried for item 5".
   */
  readonly uncertaintyShare?: number;
}

/** Input of {@link selectBoundaryPairs}. */
export type BoundaryPairInput = SelectionInput & BoundaryPairOptions;

/** The defaults, as used when an option is absent. */
export const BOUNDARY_PAIR_DEFAULTS = {
  overlap: 'radius',
  radiusQuantile: 0.9,
  mixingSample: 48,
  coverage: 'farthest-first',
  maxPairsPerClusterPair: 8,
  maxDistanceRatio: 3,
  candidatesPerCluster: 64,
} as const;

/**
 * Boundary-pair mining (DESIGN.md steps 2-4): clusters unreviewed items predicted positive and predicted
 * negative separately, tests every positive/negative cluster pair for overlap, finds the nearest cross-label
 * item pairs inside overlapping pairs, and when they exceed the budget keeps those covering the larger area.
 * Never selects a reviewed item or one item twice; a pair counts two against the budget (an odd budget's last
 * slot takes the positive item of the next pair). Degenerate inputs return fewer items and say why in
 * `warnings`; they fall back to another policy only when `fallback` is set.
 */
export async function selectBoundaryPairs(input: BoundaryPairInput): Promise<Selection> {
  checkSelectionInput(input, 'boundary-pairs');
  checkOptions(input);
  const share = Math.round(input.budget * (input.uncertaintyShare ?? 0));
  if (share === 0) return selectPairs(input);
  const pairs = await selectPairs({ ...input, budget: input.budget - share });
  return appendWith('uncertainty', input, pairs, input.budget - pairs.items.length);
}

/** The pairs (and the fallback, if set) for the whole of `input.budget`. */
async function selectPairs(input: BoundaryPairInput): Promise<Selection> {
  const warnings: string[] = [];
  const mined = mine(input, warnings);
  const items = Int32Array.from(mined.items);
  if (items.length < input.budget && input.budget > 0) {
    warnings.push(`boundary-pairs: ${items.length} items for a budget of ${input.budget}`);
    if (input.fallback !== undefined)
      return fillWith(input.fallback, input, {
        policy: 'boundary-pairs',
        items,
        pairs: mined.pairs,
        warnings,
      });
  }
  return { policy: 'boundary-pairs', items, pairs: mined.pairs, warnings };
}

function checkOptions(input: BoundaryPairInput): void {
  const positiveInteger = (value: number | undefined, name: string): void => {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw invalidArgument('boundary-pairs', `${name} must be a positive integer, got ${value}`);
    }
  };
  positiveInteger(input.maxPairsPerClusterPair, 'maxPairsPerClusterPair');
  positiveInteger(input.candidatesPerCluster, 'candidatesPerCluster');
  positiveInteger(input.mixingSample, 'mixingSample');
  positiveInteger(input.clusterSample, 'clusterSample');
  if (typeof input.k === 'number') positiveInteger(input.k, 'k');
  else if (input.k !== undefined) {
    positiveInteger(input.k.positive, 'k.positive');
    positiveInteger(input.k.negative, 'k.negative');
  }
  if (input.maxDistanceRatio !== undefined && !(input.maxDistanceRatio > 0)) {
    throw invalidArgument('boundary-pairs', `maxDistanceRatio must be > 0, got ${input.maxDistanceRatio}`);
  }
  const share = input.uncertaintyShare;
  if (share !== undefined && !(share >= 0 && share < 1)) {
    throw invalidArgument('boundary-pairs', `uncertaintyShare must be in [0, 1), got ${share}`);
  }
  const quantile = input.radiusQuantile;
  if (quantile !== undefined && !(quantile > 0 && quantile <= 1)) {
    throw invalidArgument('boundary-pairs', `radiusQuantile must be in (0, 1], got ${quantile}`);
  }
}

interface Mined {
  readonly items: number[];
  readonly pairs: BoundaryPair[];
}

function mine(input: BoundaryPairInput, warnings: string[]): Mined {
  const empty: Mined = { items: [], pairs: [] };
  if (input.budget === 0) {
    warnings.push('boundary-pairs: budget 0; nothing selected');
    return empty;
  }
  const positives = unreviewedIndices(input, 1);
  const negatives = unreviewedIndices(input, 0);
  if (positives.length === 0 || negatives.length === 0) {
    const only = positives.length === 0 ? 'negative' : 'positive';
    warnings.push(
      `boundary-pairs: every unreviewed item is predicted ${only}; there are no cross-label pairs`,
    );
    return empty;
  }
  const rng = createRng(input.seed).fork('boundary-pairs');
  const [positive, negative] = clusterSides(input, positives, negatives, rng, warnings);
  throwIfAborted(input.signal, 'boundary-pairs');
  const tested = testedPairs(input, positive, negative, rng);
  throwIfAborted(input.signal, 'boundary-pairs');
  const candidates = searchPairs(input, tested, positive, negative, warnings);
  return budgeted(input, candidates, tested.threshold, rng);
}

/** Candidates from overlapping cluster pairs, then (if allowed and short) from the next most overlapping ones. */
function searchPairs(
  input: BoundaryPairInput,
  tested: TestedPairs,
  positive: SideClusters,
  negative: SideClusters,
  warnings: string[],
): CandidatePair[] {
  const settings = {
    embeddings: input.embeddings,
    dimensions: input.dimensions,
    candidatesPerCluster: input.candidatesPerCluster ?? BOUNDARY_PAIR_DEFAULTS.candidatesPerCluster,
    maxPairsPerClusterPair: input.maxPairsPerClusterPair ?? BOUNDARY_PAIR_DEFAULTS.maxPairsPerClusterPair,
    kernel: createCrossKernel(input.dimensions, input.pairSearchKernel ?? 'js'),
  };
  const { all, threshold, test } = tested;
  let used = all.filter((pair) => pair.overlap >= threshold).length;
  const candidates = findCandidatePairs(all.slice(0, used), positive, negative, settings);
  const wanted = Math.ceil(input.budget / 2);
  const allowed = input.fillBelowThreshold ?? true;
  const overlapping = used;
  while (allowed && disjointBound(candidates) < wanted && used < all.length) {
    const next = all.slice(used, used + Math.max(8, used));
    used += next.length;
    candidates.push(...findCandidatePairs(next, positive, negative, settings));
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

function clusterSides(
  input: BoundaryPairInput,
  positives: Int32Array,
  negatives: Int32Array,
  rng: Rng,
  warnings: string[],
): [SideClusters, SideClusters] {
  const wanted = (label: 'positive' | 'negative', size: number): number =>
    input.k === undefined
      ? defaultClusterCount(size)
      : typeof input.k === 'number'
        ? input.k
        : input.k[label];
  const quantile = input.radiusQuantile ?? BOUNDARY_PAIR_DEFAULTS.radiusQuantile;
  const side = (label: 0 | 1, items: Int32Array): SideClusters => {
    const name = label === 1 ? 'positive' : 'negative';
    const k = wanted(name, items.length);
    if (items.length < k)
      warnings.push(
        `boundary-pairs: ${items.length} predicted-${name} items for k = ${k}; using k = ${items.length}`,
      );
    const points = copyRows(input.embeddings, input.dimensions, items);
    const clusters = clusterSide(label, items, points, input.dimensions, {
      k,
      seed: rng.fork(name).nextUint32(),
      radiusQuantile: quantile,
      signal: input.signal,
      cache: input.clusterCache,
      embeddings: input.embeddings,
      sample: input.clusterSample,
    });
    for (const warning of clusters.clustering.warnings) {
      if (!warning.includes('points for k')) warnings.push(`boundary-pairs (${name} side): ${warning}`);
    }
    return clusters;
  };
  return [side(1, positives), side(0, negatives)];
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

interface TestedPairs {
  readonly all: ClusterPairOverlap[];
  readonly threshold: number;
  readonly test: OverlapTest;
}

function testedPairs(
  input: BoundaryPairInput,
  positive: SideClusters,
  negative: SideClusters,
  rng: Rng,
): TestedPairs {
  const test = input.overlap ?? BOUNDARY_PAIR_DEFAULTS.overlap;
  const threshold = input.overlapThreshold ?? defaultOverlapThreshold(test);
  const all = testOverlaps(test, {
    embeddings: input.embeddings,
    dimensions: input.dimensions,
    positive,
    negative,
    rng: rng.fork('overlap'),
    sampleSize: input.mixingSample ?? BOUNDARY_PAIR_DEFAULTS.mixingSample,
  });
  return { all, threshold, test };
}

function medianDistance(candidates: readonly CandidatePair[]): number {
  if (candidates.length === 0) return 0;
  const sorted = Float64Array.from(candidates, (candidate) => candidate.distance).sort();
  return sorted[sorted.length >> 1]!;
}

function budgeted(
  input: BoundaryPairInput,
  candidates: readonly CandidatePair[],
  threshold: number,
  rng: Rng,
): Mined {
  const measure = input.coverage ?? BOUNDARY_PAIR_DEFAULTS.coverage;
  const pairBudget = Math.floor(input.budget / 2);
  const longest =
    (input.maxDistanceRatio ?? BOUNDARY_PAIR_DEFAULTS.maxDistanceRatio) * medianDistance(candidates);
  const tiers = Uint8Array.from(candidates, (candidate) =>
    candidate.distance > longest ? 2 : candidate.overlap >= threshold ? 0 : 1,
  );
  const picks = choosePairs(measure, pairBudget + (input.budget % 2), {
    candidates,
    tiers,
    embeddings: input.embeddings,
    dimensions: input.dimensions,
    rng: rng.fork('coverage'),
  });
  const items: number[] = [];
  const pairs: BoundaryPair[] = [];
  for (const pick of picks) {
    const candidate = candidates[pick.candidate]!;
    if (items.length + 2 <= input.budget) {
      items.push(candidate.positive, candidate.negative);
      const below =
        candidate.overlap < threshold
          ? `; cluster pair below the overlap threshold (${candidate.overlap.toPrecision(3)} < ${threshold})`
          : '';
      const long = candidate.distance > longest ? `; longer than ${longest.toPrecision(3)}, taken last` : '';
      pairs.push({ ...candidate, reason: pick.reason + below + long });
    } else if (items.length < input.budget) {
      // An odd budget: the last slot takes one item, the positive one (the rarer label in production pools).
      items.push(candidate.positive);
    }
  }
  return { items, pairs };
}
