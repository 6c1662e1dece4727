/** Buckets per cluster of the quantile search: 4,096 x 4 bytes per cluster, whatever the pool size. */
const BUCKETS = 4096;

/** Which items count, when the arrays cover more than one side (pool-wide arrays of the streaming path). */
export interface RadiusMembers {
  /** Per item: its set; only items of `set` count. */
  readonly which: Uint8Array;
  readonly set: number;
}

/**
 * Each cluster's robust radius: the `quantile` of its members' squared distances to the centroid (the value at
 * rank min(size - 1, floor(quantile x size)) in ascending order), as a distance; 0 for an empty cluster. Exact,
 * without a copy of the distances: a histogram of each cluster's range finds the bucket holding that rank, and
 * only that bucket's values are gathered and sorted. Both selection paths compute radii with it.
 */
export function quantileRadii(
  distances: Float64Array,
  clusters: Int32Array,
  k: number,
  quantile: number,
  members?: RadiusMembers,
): Float64Array {
  const items: RadiusItems = { distances, clusters, members };
  const ranges = clusterRanges(items, k);
  const histogram = bucketCounts(items, ranges);
  const { target, before } = rankBuckets(histogram, ranges, quantile);
  const held = bucketValues(items, ranges, target, histogram);
  const radii = new Float64Array(k);
  for (let cluster = 0; cluster < k; cluster++) {
    if (ranges.sizes[cluster] === 0) continue;
    const rank = rankIn(ranges.sizes[cluster]!, quantile);
    radii[cluster] = Math.sqrt(held[cluster]!.sort()[rank - before[cluster]!]!);
  }
  return radii;
}

/** The items of a radius computation: squared distances, clusters, and which of them count. */
interface RadiusItems {
  readonly distances: Float64Array;
  readonly clusters: Int32Array;
  readonly members: RadiusMembers | undefined;
}

/** Per cluster: how many items count, and the least and greatest of their squared distances. */
interface ClusterRanges {
  readonly sizes: Int32Array;
  readonly low: Float64Array;
  readonly high: Float64Array;
}

function counts(members: RadiusMembers | undefined, item: number): boolean {
  return members === undefined || members.which[item] === members.set;
}

/** The rank of the quantile in a cluster of `size` (ascending order). */
function rankIn(size: number, quantile: number): number {
  return Math.min(size - 1, Math.floor(quantile * size));
}

function clusterRanges(items: RadiusItems, k: number): ClusterRanges {
  const { distances, clusters, members } = items;
  const sizes = new Int32Array(k);
  const low = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
  const high = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  for (let item = 0; item < distances.length; item++) {
    if (!counts(members, item)) continue;
    const cluster = clusters[item]!;
    const value = distances[item]!;
    sizes[cluster]!++;
    if (value < low[cluster]!) low[cluster] = value;
    if (value > high[cluster]!) high[cluster] = value;
  }
  return { sizes, low, high };
}

/** The bucket of `value` in its cluster's range (`BUCKETS` equal buckets from low to high). */
function bucketOf(ranges: ClusterRanges, cluster: number, value: number): number {
  const range = ranges.high[cluster]! - ranges.low[cluster]!;
  return range > 0
    ? Math.min(BUCKETS - 1, Math.floor(((value - ranges.low[cluster]!) / range) * BUCKETS))
    : 0;
}

/** Per cluster, per bucket: how many counted items fall in it (`cluster x BUCKETS + bucket`). */
function bucketCounts(items: RadiusItems, ranges: ClusterRanges): Int32Array {
  const { distances, clusters, members } = items;
  const histogram = new Int32Array(ranges.sizes.length * BUCKETS);
  for (let item = 0; item < distances.length; item++) {
    if (counts(members, item))
      histogram[clusters[item]! * BUCKETS + bucketOf(ranges, clusters[item]!, distances[item]!)]!++;
  }
  return histogram;
}

/** Per cluster: the bucket holding the quantile's rank (-1 for an empty cluster), and how many items lie below it. */
function rankBuckets(
  histogram: Int32Array,
  ranges: ClusterRanges,
  quantile: number,
): { target: Int32Array; before: Int32Array } {
  const k = ranges.sizes.length;
  const target = new Int32Array(k).fill(-1);
  const before = new Int32Array(k);
  for (let cluster = 0; cluster < k; cluster++) {
    if (ranges.sizes[cluster] === 0) continue;
    const rank = rankIn(ranges.sizes[cluster]!, quantile);
    let seen = 0;
    let at = 0;
    while (seen + histogram[cluster * BUCKETS + at]! <= rank) seen += histogram[cluster * BUCKETS + at++]!;
    target[cluster] = at;
    before[cluster] = seen;
  }
  return { target, before };
}

/** Per cluster: the values of its target bucket, in item order (empty for an empty cluster). */
function bucketValues(
  items: RadiusItems,
  ranges: ClusterRanges,
  target: Int32Array,
  histogram: Int32Array,
): Float64Array[] {
  const { distances, clusters, members } = items;
  const k = ranges.sizes.length;
  const held: Float64Array[] = [];
  for (let cluster = 0; cluster < k; cluster++) {
    held.push(new Float64Array(target[cluster]! < 0 ? 0 : histogram[cluster * BUCKETS + target[cluster]!]!));
  }
  const filled = new Int32Array(k);
  for (let item = 0; item < distances.length; item++) {
    if (!counts(members, item)) continue;
    const cluster = clusters[item]!;
    if (bucketOf(ranges, cluster, distances[item]!) === target[cluster])
      held[cluster]![filled[cluster]!++] = distances[item]!;
  }
  return held;
}
