import { type CrossKernel, copyRows, squaredDistance } from '@borderline/kmeans';
import type { ClusterPairOverlap } from './overlap';
import type { PairFactor } from './pair-doubt';
import type { SideClusters } from './side-clusters';

/** A nearest cross-label pair found inside an overlapping cluster pair (item indices into the pool). */
export interface CandidatePair {
  readonly positive: number;
  readonly negative: number;
  readonly positiveCluster: number;
  readonly negativeCluster: number;
  /** Euclidean distance between the two items. */
  readonly distance: number;
  readonly overlap: number;
  /** The pair's doubt factor (see `PairScoring`); 1 when pairs are ranked by distance. */
  readonly factor: number;
}

/** Where to look and how much to keep. */
export interface CandidateSettings {
  readonly embeddings: Float32Array;
  readonly dimensions: number;
  /** Members of a cluster nearest the partner cluster's centroid that enter the exact search (per side). */
  readonly candidatesPerCluster: number;
  readonly maxPairsPerClusterPair: number;
  /** The distance kernel of the search (the JavaScript one gives the reference results; see BoundaryPairOptions). */
  readonly kernel: CrossKernel;
  /** The pairs' doubt factor over the settings' item indices; absent, pairs are ranked by distance alone. */
  readonly factor?: PairFactor;
}

/**
 * For every overlapping cluster pair: takes the `candidatesPerCluster` members of each cluster nearest the other
 * cluster's centroid, computes all cross distances among them exactly, and keeps up to `maxPairsPerClusterPair`
 * item-disjoint pairs, each an item's nearest neighbour across (mutual or one-sided), shortest first (by length
 * times the doubt factor when `settings.factor` is set).
 */
export function findCandidatePairs(
  overlapping: readonly ClusterPairOverlap[],
  positive: SideClusters,
  negative: SideClusters,
  settings: CandidateSettings,
): CandidatePair[] {
  const nearPositive = nearestToPartners(positive, negative, overlapping, settings, (pair) => [
    pair.positiveCluster,
    pair.negativeCluster,
  ]);
  const nearNegative = nearestToPartners(negative, positive, overlapping, settings, (pair) => [
    pair.negativeCluster,
    pair.positiveCluster,
  ]);
  const out: CandidatePair[] = [];
  for (const pair of overlapping) {
    const left = nearPositive.get(key(pair.positiveCluster, pair.negativeCluster));
    const right = nearNegative.get(key(pair.negativeCluster, pair.positiveCluster));
    if (left === undefined || right === undefined || left.length === 0 || right.length === 0) continue;
    for (const found of nearestCrossPairs(left, right, settings)) {
      out.push({
        ...found,
        positiveCluster: pair.positiveCluster,
        negativeCluster: pair.negativeCluster,
        overlap: pair.overlap,
      });
    }
  }
  return out;
}

function key(cluster: number, partner: number): string {
  return `${cluster}:${partner}`;
}

/** For each cluster of `side`, the items nearest each overlapping partner's centroid, keyed "cluster:partner". */
function nearestToPartners(
  side: SideClusters,
  other: SideClusters,
  overlapping: readonly ClusterPairOverlap[],
  settings: CandidateSettings,
  ends: (pair: ClusterPairOverlap) => [number, number],
): Map<string, Int32Array> {
  const partners = new Map<number, number[]>();
  for (const pair of overlapping) {
    const [cluster, partner] = ends(pair);
    const list = partners.get(cluster) ?? [];
    list.push(partner);
    partners.set(cluster, list);
  }
  const { embeddings, dimensions, candidatesPerCluster } = settings;
  const out = new Map<string, Int32Array>();
  for (const [cluster, list] of partners) {
    const start = side.offsets[cluster]!;
    const size = side.offsets[cluster + 1]! - start;
    const rows = new Int32Array(size);
    for (let index = 0; index < size; index++) rows[index] = side.items[side.members[start + index]!]!;
    const points = copyRows(embeddings, dimensions, rows);
    const centres = copyRows(other.clustering.centroids, dimensions, Int32Array.from(list));
    const { values, columns } = settings.kernel.cross(points, size, centres, list.length);
    list.forEach((partner, column) => {
      const chosen = smallestInColumn(values, columns, column, size, candidatesPerCluster);
      out.set(
        key(cluster, partner),
        chosen.map((position) => rows[position]!),
      );
    });
  }
  return out;
}

/** Row positions of the `take` smallest values of one column (a bounded max-heap: O(rows log take)). */
export function smallestInColumn(
  matrix: Float64Array,
  columns: number,
  column: number,
  rows: number,
  take: number,
): Int32Array {
  const size = Math.min(take, rows);
  const heapRows = new Int32Array(size);
  const heapValues = new Float64Array(size);
  let filled = 0;
  for (let row = 0; row < rows; row++) {
    const value = matrix[row * columns + column]!;
    if (filled < size) {
      heapRows[filled] = row;
      heapValues[filled] = value;
      siftUp(heapRows, heapValues, filled++);
    } else if (value < heapValues[0]!) {
      heapRows[0] = row;
      heapValues[0] = value;
      siftDown(heapRows, heapValues, size);
    }
  }
  return heapRows.sort();
}

function swap(rows: Int32Array, values: Float64Array, a: number, b: number): void {
  const row = rows[a]!;
  rows[a] = rows[b]!;
  rows[b] = row;
  const value = values[a]!;
  values[a] = values[b]!;
  values[b] = value;
}

function siftUp(rows: Int32Array, values: Float64Array, at: number): void {
  let child = at;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (values[parent]! >= values[child]!) return;
    swap(rows, values, parent, child);
    child = parent;
  }
}

function siftDown(rows: Int32Array, values: Float64Array, size: number): void {
  let parent = 0;
  for (;;) {
    const left = 2 * parent + 1;
    if (left >= size) return;
    const right = left + 1;
    const larger = right < size && values[right]! > values[left]! ? right : left;
    if (values[parent]! >= values[larger]!) return;
    swap(rows, values, parent, larger);
    parent = larger;
  }
}

/**
 * Exact nearest cross pairs among two small item sets; item-disjoint, shortest first (squared length times the
 * squared doubt factor, when there is one), capped.
 */
function nearestCrossPairs(
  left: Int32Array,
  right: Int32Array,
  settings: CandidateSettings,
): { positive: number; negative: number; distance: number; factor: number }[] {
  const { embeddings, dimensions, maxPairsPerClusterPair, kernel, factor } = settings;
  const a = copyRows(embeddings, dimensions, left);
  const b = copyRows(embeddings, dimensions, right);
  const { values: distances, columns } = kernel.cross(a, left.length, b, right.length);
  const proposals = new Set<number>();
  for (let i = 0; i < left.length; i++)
    proposals.add(i * columns + argMin(distances, i * columns, 1, right.length));
  for (let j = 0; j < right.length; j++)
    proposals.add(argMin(distances, j, columns, left.length) * columns + j);
  const factors = new Map<number, number>();
  for (const cell of proposals) {
    factors.set(
      cell,
      factor === undefined ? 1 : factor(left[Math.floor(cell / columns)]!, right[cell % columns]!),
    );
  }
  const length = (cell: number): number => distances[cell]! * factors.get(cell)! ** 2;
  // Cells are row-major (i, j), so the tie order is the same whatever the kernel's row width.
  const ordered = [...proposals].sort((x, y) => length(x) - length(y) || x - y);
  const usedLeft = new Set<number>();
  const usedRight = new Set<number>();
  const out: { positive: number; negative: number; distance: number; factor: number }[] = [];
  for (const cell of ordered) {
    if (out.length >= maxPairsPerClusterPair) break;
    const i = Math.floor(cell / columns);
    const j = cell % columns;
    if (usedLeft.has(i) || usedRight.has(j)) continue;
    usedLeft.add(i);
    usedRight.add(j);
    // The JavaScript kernel's f64 value is the reported one; the f32 kernel's is recomputed exactly.
    const squared =
      kernel.kind === 'js'
        ? distances[cell]!
        : squaredDistance(embeddings, left[i]!, embeddings, right[j]!, dimensions);
    out.push({
      positive: left[i]!,
      negative: right[j]!,
      distance: Math.sqrt(squared),
      factor: factors.get(cell)!,
    });
  }
  return out;
}

function argMin(values: Float64Array, start: number, stride: number, count: number): number {
  let best = 0;
  let bestValue = Number.POSITIVE_INFINITY;
  for (let index = 0; index < count; index++) {
    const value = values[start + index * stride]!;
    if (value < bestValue) {
      bestValue = value;
      best = index;
    }
  }
  return best;
}
