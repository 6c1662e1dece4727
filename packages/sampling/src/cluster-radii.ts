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
  const counts = (item: number): boolean => members === undefined || members.which[item] === members.set;
  const sizes = new Int32Array(k);
  const low = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
  const high = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  for (let item = 0; item < distances.length; item++) {
    if (!counts(item)) continue;
    const cluster = clusters[item]!;
    const value = distances[item]!;
    sizes[cluster]!++;
    if (value < low[cluster]!) low[cluster] = value;
    if (value > high[cluster]!) high[cluster] = value;
  }
  const bucket = (cluster: number, value: number): number => {
    const range = high[cluster]! - low[cluster]!;
    return range > 0 ? Math.min(BUCKETS - 1, Math.floor(((value - low[cluster]!) / range) * BUCKETS)) : 0;
  };
  const histogram = new Int32Array(k * BUCKETS);
  for (let item = 0; item < distances.length; item++) {
    if (counts(item)) histogram[clusters[item]! * BUCKETS + bucket(clusters[item]!, distances[item]!)]!++;
  }
  const target = new Int32Array(k).fill(-1);
  const before = new Int32Array(k);
  const held: Float64Array[] = [];
  for (let cluster = 0; cluster < k; cluster++) {
    held.push(new Float64Array(0));
    if (sizes[cluster] === 0) continue;
    const rank = Math.min(sizes[cluster]! - 1, Math.floor(quantile * sizes[cluster]!));
    let seen = 0;
    let at = 0;
    while (seen + histogram[cluster * BUCKETS + at]! <= rank) seen += histogram[cluster * BUCKETS + at++]!;
    target[cluster] = at;
    before[cluster] = seen;
    held[cluster] = new Float64Array(histogram[cluster * BUCKETS + at]!);
  }
  const filled = new Int32Array(k);
  for (let item = 0; item < distances.length; item++) {
    if (!counts(item)) continue;
    const cluster = clusters[item]!;
    if (bucket(cluster, distances[item]!) === target[cluster])
      held[cluster]![filled[cluster]!++] = distances[item]!;
  }
  const radii = new Float64Array(k);
  for (let cluster = 0; cluster < k; cluster++) {
    if (sizes[cluster] === 0) continue;
    const rank = Math.min(sizes[cluster]! - 1, Math.floor(quantile * sizes[cluster]!));
    radii[cluster] = Math.sqrt(held[cluster]!.sort()[rank - before[cluster]!]!);
  }
  return radii;
}
