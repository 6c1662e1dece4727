import type { Rng } from '@borderline/core';
import { copyRows, crossDistances, squaredNorms } from '@borderline/kmeans';
import type { SideClusters } from './side-clusters';

/**
 * How two clusters of different predicted label are judged to overlap:
 * - `radius`: robust radii. Figure = (r+ + r-) / |c+ - c-| with r the radius quantile (default 0.9) of member
 *   distances to the centroid (capped at 1e6); the clusters overlap when the figure is >= threshold (default 1:
 *   the balls touch).
 * - `mixing`: cross-label nearest-neighbour mixing on a seeded sample of each cluster. Figure = 2 x the share of
 *   sampled points whose nearest sampled neighbour has the other label (about 1 when fully mixed, 0 when apart);
 *   overlap when >= threshold (default 0.01: any mixed point).
 */
export type OverlapTest = 'radius' | 'mixing';

/** Radius figures are capped here (coinciding centroids), so figures stay finite and JSON-safe. */
const RADIUS_FIGURE_CAP = 1e6;

/** The tests this package implements. */
export const OVERLAP_TESTS: readonly OverlapTest[] = ['radius', 'mixing'];

/** The default threshold of each overlap test. */
export function defaultOverlapThreshold(test: OverlapTest): number {
  switch (test) {
    case 'radius':
      return 1;
    case 'mixing':
      // Any mixing at all: abutting clusters of a clean boundary mix only at their shared face.
      return 0.01;
  }
}

/** One tested positive/negative cluster pair. */
export interface ClusterPairOverlap {
  readonly positiveCluster: number;
  readonly negativeCluster: number;
  readonly overlap: number;
}

/** Pool data the overlap tests read. */
export interface OverlapContext {
  readonly embeddings: Float32Array;
  readonly dimensions: number;
  readonly positive: SideClusters;
  readonly negative: SideClusters;
  readonly rng: Rng;
  readonly sampleSize: number;
}

/** Tests every positive/negative cluster pair; returns all pairs with their figure, most overlapping first. */
export function testOverlaps(test: OverlapTest, context: OverlapContext): ClusterPairOverlap[] {
  const figures = test === 'radius' ? radiusFigures(context) : mixingFigures(context);
  const kPositive = context.positive.clustering.k;
  const kNegative = context.negative.clustering.k;
  const out: ClusterPairOverlap[] = [];
  for (let p = 0; p < kPositive; p++) {
    for (let n = 0; n < kNegative; n++)
      out.push({ positiveCluster: p, negativeCluster: n, overlap: figures[p * kNegative + n]! });
  }
  return out.sort(
    (a, b) =>
      b.overlap - a.overlap || a.positiveCluster - b.positiveCluster || a.negativeCluster - b.negativeCluster,
  );
}

function radiusFigures(context: OverlapContext): Float64Array {
  const { positive, negative, dimensions } = context;
  const kPositive = positive.clustering.k;
  const kNegative = negative.clustering.k;
  const centreDistances = new Float64Array(kPositive * kNegative);
  const centroids = positive.clustering.centroids;
  crossDistances(
    {
      points: centroids,
      pointNorms: squaredNorms(centroids, kPositive, dimensions),
      dimensions,
      centres: negative.clustering.centroids,
      centreNorms: squaredNorms(negative.clustering.centroids, kNegative, dimensions),
      centreCount: kNegative,
      start: 0,
      end: kPositive,
    },
    centreDistances,
  );
  const out = new Float64Array(kPositive * kNegative);
  for (let p = 0; p < kPositive; p++) {
    for (let n = 0; n < kNegative; n++) {
      const reach = positive.radii[p]! + negative.radii[n]!;
      const apart = Math.sqrt(centreDistances[p * kNegative + n]!);
      out[p * kNegative + n] = Math.min(RADIUS_FIGURE_CAP, apart > 0 ? reach / apart : RADIUS_FIGURE_CAP);
    }
  }
  return out;
}

interface ClusterSample {
  readonly points: Float32Array;
  readonly norms: Float64Array;
  readonly count: number;
  /** Squared distance of each sampled point to its nearest other sampled point of the same cluster. */
  readonly ownNearest: Float64Array;
}

function sampleCluster(side: SideClusters, cluster: number, context: OverlapContext): ClusterSample {
  const { embeddings, dimensions, rng, sampleSize } = context;
  const start = side.offsets[cluster]!;
  const size = side.offsets[cluster + 1]! - start;
  const take = Math.min(size, sampleSize);
  const picks = rng.fork(`${side.label}:${cluster}`).sample(size, take);
  const rows = new Int32Array(take);
  for (let index = 0; index < take; index++) rows[index] = side.items[side.members[start + picks[index]!]!]!;
  const points = copyRows(embeddings, dimensions, rows);
  const norms = squaredNorms(points, take, dimensions);
  const within = new Float64Array(take * take);
  const task = {
    points,
    pointNorms: norms,
    dimensions,
    centres: points,
    centreNorms: norms,
    centreCount: take,
    start: 0,
    end: take,
  };
  crossDistances(task, within);
  const ownNearest = new Float64Array(take).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < take; i++) {
    for (let j = 0; j < take; j++)
      if (i !== j && within[i * take + j]! < ownNearest[i]!) ownNearest[i] = within[i * take + j]!;
  }
  return { points, norms, count: take, ownNearest };
}

function mixingFigures(context: OverlapContext): Float64Array {
  const { positive, negative, dimensions } = context;
  const kPositive = positive.clustering.k;
  const kNegative = negative.clustering.k;
  const positives = Array.from({ length: kPositive }, (_, cluster) =>
    sampleCluster(positive, cluster, context),
  );
  const negatives = Array.from({ length: kNegative }, (_, cluster) =>
    sampleCluster(negative, cluster, context),
  );
  const out = new Float64Array(kPositive * kNegative);
  const cross = new Float64Array(context.sampleSize * context.sampleSize);
  for (let p = 0; p < kPositive; p++) {
    const a = positives[p]!;
    for (let n = 0; n < kNegative; n++) {
      const b = negatives[n]!;
      const task = {
        points: a.points,
        pointNorms: a.norms,
        dimensions,
        centres: b.points,
        centreNorms: b.norms,
        centreCount: b.count,
        start: 0,
        end: a.count,
      };
      crossDistances(task, cross);
      out[p * kNegative + n] = (2 * crossNearestCount(a, b, cross)) / Math.max(1, a.count + b.count);
    }
  }
  return out;
}

/** How many sampled points of either cluster have a nearer neighbour across than within. */
function crossNearestCount(a: ClusterSample, b: ClusterSample, cross: Float64Array): number {
  let mixed = 0;
  for (let i = 0; i < a.count; i++) {
    let nearest = Number.POSITIVE_INFINITY;
    for (let j = 0; j < b.count; j++)
      if (cross[i * b.count + j]! < nearest) nearest = cross[i * b.count + j]!;
    if (nearest < a.ownNearest[i]!) mixed++;
  }
  for (let j = 0; j < b.count; j++) {
    let nearest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < a.count; i++)
      if (cross[i * b.count + j]! < nearest) nearest = cross[i * b.count + j]!;
    if (nearest < b.ownNearest[j]!) mixed++;
  }
  return mixed;
}
