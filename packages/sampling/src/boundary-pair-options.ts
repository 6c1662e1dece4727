import { invalidArgument } from '@borderline/core';
import type { KernelChoice } from '@borderline/kmeans';
import type { CoverageMeasure } from './coverage';
import type { FallbackPolicy } from './fallback';
import type { OverlapTest } from './overlap';
import type { SideClusterCache } from './side-cluster-cache';
import { defaultClusterCount } from './side-clusters';

/**
 * The method's choices that the in-memory and the streaming selection share (overlap test, pair search, coverage);
 * every field has a documented default.
 */
export interface PairMiningOptions {
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
  /**
   * Distance kernel of the pair search (step 3): 'js' (default) sums in f64 and gives the reference results;
   * 'auto' (or 'wasm-simd') runs it on the f32x4 WebAssembly kernel, several times faster, where two candidate
   * distances equal to float32 precision may be ordered the other way. Reported pair distances are exact either way.
   */
  readonly pairSearchKernel?: KernelChoice;
}

/** The choices of {@link selectBoundaryPairs}; every field has a documented default. */
export interface BoundaryPairOptions extends PairMiningOptions {
  /** Fill a short batch (no pairs, or too few) with this policy; off by default, reported in warnings. */
  readonly fallback?: FallbackPolicy;
  /**
   * Warm-start each side's k-means from the centres this cache kept at the last call on the same pool, and keep
   * this call's (off by default; see {@link SideClusterCache} and the README's figures). One cache per run.
   */
  readonly clusterCache?: SideClusterCache;
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

/** Throws `invalid-argument` (component `component`) unless `value` is absent or a positive integer. */
export function checkPositiveInteger(value: number | undefined, name: string, component: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw invalidArgument(component, `${name} must be a positive integer, got ${value}`);
  }
}

/** Checks the shared options; throws `invalid-argument` naming the option. */
export function checkMiningOptions(options: PairMiningOptions, component: string): void {
  checkPositiveInteger(options.maxPairsPerClusterPair, 'maxPairsPerClusterPair', component);
  checkPositiveInteger(options.candidatesPerCluster, 'candidatesPerCluster', component);
  checkPositiveInteger(options.mixingSample, 'mixingSample', component);
  if (typeof options.k === 'number') checkPositiveInteger(options.k, 'k', component);
  else if (options.k !== undefined) {
    checkPositiveInteger(options.k.positive, 'k.positive', component);
    checkPositiveInteger(options.k.negative, 'k.negative', component);
  }
  if (options.maxDistanceRatio !== undefined && !(options.maxDistanceRatio > 0)) {
    throw invalidArgument(component, `maxDistanceRatio must be > 0, got ${options.maxDistanceRatio}`);
  }
  const quantile = options.radiusQuantile;
  if (quantile !== undefined && !(quantile > 0 && quantile <= 1)) {
    throw invalidArgument(component, `radiusQuantile must be in (0, 1], got ${quantile}`);
  }
}

/** Checks {@link BoundaryPairOptions}; throws `invalid-argument` naming the option. */
export function checkBoundaryPairOptions(options: BoundaryPairOptions): void {
  checkMiningOptions(options, 'boundary-pairs');
  checkPositiveInteger(options.clusterSample, 'clusterSample', 'boundary-pairs');
  const share = options.uncertaintyShare;
  if (share !== undefined && !(share >= 0 && share < 1)) {
    throw invalidArgument('boundary-pairs', `uncertaintyShare must be in [0, 1), got ${share}`);
  }
}

/** The k asked for one side: the option, or {@link defaultClusterCount} of the side's size. */
export function wantedClusters(
  k: PairMiningOptions['k'],
  label: 'positive' | 'negative',
  size: number,
): number {
  return k === undefined ? defaultClusterCount(size) : typeof k === 'number' ? k : k[label];
}
