import { createRng, type Seed } from '@borderline/core';
import { copyRows, type KMeansResult, kmeans, miniBatchKMeans, nearestCentres } from '@borderline/kmeans';
import { quantileRadii } from './cluster-radii';
import type { SideClusterCache } from './side-cluster-cache';

/** The clusters of one predicted label: members grouped by cluster (CSR layout), centroids, robust radii. */
export interface SideClusters {
  readonly label: 0 | 1;
  /** Item indices (into the pool) of this side, in the order `assignments` refers to. */
  readonly items: Int32Array;
  readonly clustering: KMeansResult;
  /** members.subarray(offsets[c], offsets[c + 1]) are the positions (into `items`) of cluster c. */
  readonly offsets: Int32Array;
  readonly members: Int32Array;
  /** Per cluster: the radius quantile of member-to-centroid distances (not squared). */
  readonly radii: Float64Array;
}

/**
 * The default number of clusters per side: ceil(sqrt(n / 20)) clamped to [1, 32]; so 500 items give 5 clusters,
 * 2,000 give 10, and 20,000 or more give 32 (enough regions to spread a few hundred pairs along the boundary,
 * few enough that every positive/negative cluster pair can be tested).
 */
export function defaultClusterCount(size: number): number {
  return Math.max(1, Math.min(32, Math.ceil(Math.sqrt(size / 20))));
}

/** Pools at most this large per side get full Lloyd k-means; larger ones mini-batch k-means plus a full pass. */
export const FULL_KMEANS_LIMIT = 20_000;

/** Options for clustering one side. */
export interface SideOptions {
  readonly k: number;
  readonly seed: Seed;
  readonly radiusQuantile: number;
  readonly signal?: AbortSignal;
  /** Warm start from the centres of the last call, and keep this call's (see {@link SideClusterCache}). */
  readonly cache?: SideClusterCache;
  /** The pool's vectors: the identity the cache is keyed by. */
  readonly embeddings?: Float32Array;
  /** Sides larger than this are clustered on a seeded sample of this many items, then assigned exactly. */
  readonly sample?: number;
}

/** Clusters one side's points (already gathered, row-major) and indexes its members. */
export function clusterSide(
  label: 0 | 1,
  items: Int32Array,
  points: Float32Array,
  dimensions: number,
  options: SideOptions,
): SideClusters {
  const settings = {
    k: Math.min(options.k, Math.max(1, items.length)),
    seed: options.seed,
    signal: options.signal,
  };
  const { cache } = options;
  const start = cache?.start(options.embeddings ?? points, dimensions, label, settings.k);
  const { sample } = options;
  const clustering =
    start !== undefined
      ? kmeans(points, dimensions, { ...settings, init: start, maxIterations: cache!.rounds })
      : sample !== undefined && items.length > sample
        ? sampledKMeans(points, dimensions, sample, settings)
        : fitWhole(points, dimensions, settings);
  cache?.keep(label, clustering.k, clustering.centroids);
  const { offsets, members } = groupByCluster(clustering.assignments, clustering.k);
  const radii = quantileRadii(
    clustering.distances,
    clustering.assignments,
    clustering.k,
    options.radiusQuantile,
  );
  return { label, items, clustering, offsets, members, radii };
}

/** The settings a side's fit takes. */
export interface FitSettings {
  readonly k: number;
  readonly seed: Seed;
  readonly signal?: AbortSignal | undefined;
}

/** A whole side's fit: Lloyd k-means (20 rounds) up to {@link FULL_KMEANS_LIMIT} points, else mini-batch k-means. */
export function fitWhole(points: Float32Array, dimensions: number, settings: FitSettings): KMeansResult {
  return points.length / dimensions <= FULL_KMEANS_LIMIT
    ? kmeans(points, dimensions, { ...settings, maxIterations: 20 })
    : miniBatchKMeans(points, dimensions, { ...settings, batchSize: 2048, maxIterations: 100 });
}

/**
 * The seeded sample of a side of `count` items that a sampled fit clusters: `size` positions (into the side's
 * items, ascending), drawn from the side's seed. The in-memory and the streaming selection draw the same sample.
 */
export function samplePositions(count: number, size: number, seed: Seed): Int32Array {
  return createRng(seed).fork('side-sample').sample(count, size).sort();
}

/** The fit on a side's sample (its rows gathered, in {@link samplePositions} order): k-means++, 20 Lloyd rounds. */
export function fitSample(points: Float32Array, dimensions: number, settings: FitSettings): KMeansResult {
  return kmeans(points, dimensions, { ...settings, maxIterations: 20 });
}

/**
 * k-means (k-means++, 20 Lloyd rounds) on a seeded sample of `size` rows, then one exact assignment pass of every
 * row to the sample's centres, so `assignments`, `distances` and `inertia` describe the whole side.
 */
function sampledKMeans(
  points: Float32Array,
  dimensions: number,
  size: number,
  settings: FitSettings,
): KMeansResult {
  const rows = samplePositions(points.length / dimensions, size, settings.seed);
  const fit = fitSample(copyRows(points, dimensions, rows), dimensions, settings);
  const whole = nearestCentres(points, dimensions, fit.centroids.subarray(0, fit.k * dimensions));
  return { ...fit, ...whole };
}

/** Counting sort of positions by cluster. */
export function groupByCluster(
  assignments: Int32Array,
  k: number,
): { offsets: Int32Array; members: Int32Array } {
  const offsets = new Int32Array(k + 1);
  for (let index = 0; index < assignments.length; index++) offsets[assignments[index]! + 1]!++;
  for (let cluster = 0; cluster < k; cluster++) offsets[cluster + 1]! += offsets[cluster]!;
  const cursor = offsets.slice(0, k);
  const members = new Int32Array(assignments.length);
  for (let index = 0; index < assignments.length; index++) members[cursor[assignments[index]!]!++] = index;
  return { offsets, members };
}
