import { shardRows, type VectorShards } from '@borderline/core';
import { type CrossKernel, copyRows } from '@borderline/kmeans';
import { type AssignResult, SKIP_ITEM } from './assign-pass';
import { type CandidatePair, findCandidatePairs } from './candidate-pairs';
import { localRows } from './local-rows';
import type { FindCandidates } from './mine-pairs';
import type { ClusterPairOverlap } from './overlap';
import type { PairFactor } from './pair-doubt';
import { PartnerHeaps } from './partner-heaps';
import { readShardChecked } from './shard-reads';
import { partialSide, type StreamSide } from './streaming-sides';

/** What the streaming candidate search reads, and where it keeps the candidates' rows. */
export interface CandidatePass {
  readonly vectors: VectorShards;
  /** Per pool item: its side's set (positive 0, negative 1) or 255. */
  readonly which: Uint8Array;
  readonly assigned: AssignResult;
  /** Indexed by set: [positive, negative]. */
  readonly sides: readonly [StreamSide, StreamSide];
  readonly candidatesPerCluster: number;
  readonly maxPairsPerClusterPair: number;
  readonly kernel: CrossKernel;
  readonly signal?: AbortSignal;
  /** Rows of every candidate item found so far, by pool index (the coverage step reads them). */
  readonly rows: Map<number, Float32Array>;
  /** The pairs' doubt factor over pool indices; absent, pairs are ranked by distance alone. */
  readonly factor?: PairFactor | undefined;
}

/** The partners of each cluster of one side in some cluster pairs, in their order there (as candidate-pairs.ts). */
interface SidePlan {
  /** Per cluster: the first heap of its partners, or -1 when it has none. */
  readonly base: Int32Array;
  readonly partners: readonly (readonly number[])[];
}

/**
 * The streaming candidate search (step 3) for some cluster pairs: one pass over only the shards that hold members
 * of their clusters keeps, per cluster and partner, the `candidatesPerCluster` members nearest the partner's
 * centroid (bounded heaps with their rows); the exact pair search then runs on those rows, with candidate-pairs.ts.
 */
export function streamingCandidates(pass: CandidatePass): FindCandidates {
  return async (clusterPairs) => {
    const plans: [SidePlan, SidePlan] = [
      plan(pass.sides[0], clusterPairs, (pair) => [pair.positiveCluster, pair.negativeCluster]),
      plan(pass.sides[1], clusterPairs, (pair) => [pair.negativeCluster, pair.positiveCluster]),
    ];
    numberHeaps(plans);
    const heapCount = plans[0].partners.flat().length + plans[1].partners.flat().length;
    if (heapCount === 0) return [];
    const heaps = new PartnerHeaps(heapCount, pass.candidatesPerCluster, pass.vectors.dimensions);
    const centres = plans.map((sidePlan, set) =>
      sidePlan.partners.map((list) =>
        copyRows(pass.sides[1 - set]!.fit.centroids, pass.vectors.dimensions, Int32Array.from(list)),
      ),
    );
    for (let shard = 0; shard < pass.vectors.starts.length; shard++) {
      if (!holdsMembers(pass, plans, shard)) continue;
      const data = await readShardChecked(pass.vectors, shard, 'boundary-pairs (streaming)', pass.signal);
      offerShard(pass, plans, centres, heaps, shard, data);
    }
    return searchHeaps(pass, plans, heaps, clusterPairs);
  };
}

function plan(
  side: StreamSide,
  clusterPairs: readonly ClusterPairOverlap[],
  ends: (pair: ClusterPairOverlap) => [number, number],
): SidePlan {
  const partners: number[][] = Array.from({ length: side.fit.k }, () => []);
  for (const pair of clusterPairs) {
    const [cluster, partner] = ends(pair);
    partners[cluster]!.push(partner);
  }
  return { base: new Int32Array(side.fit.k).fill(-1), partners };
}

function numberHeaps(plans: [SidePlan, SidePlan]): void {
  let next = 0;
  for (const sidePlan of plans) {
    sidePlan.partners.forEach((list, cluster) => {
      sidePlan.base[cluster] = list.length > 0 ? next : -1;
      next += list.length;
    });
  }
}

function holdsMembers(pass: CandidatePass, plans: [SidePlan, SidePlan], shard: number): boolean {
  const start = pass.vectors.starts[shard]!;
  const end = start + shardRows(pass.vectors, shard);
  for (let item = start; item < end; item++) {
    const set = pass.which[item]!;
    if (set !== SKIP_ITEM && plans[set]!.base[pass.assigned.cluster[item]!]! >= 0) return true;
  }
  return false;
}

/** Offers every searched member of the shard to its cluster's heaps, in pool order. */
function offerShard(
  pass: CandidatePass,
  plans: [SidePlan, SidePlan],
  centres: readonly (readonly Float32Array[])[],
  heaps: PartnerHeaps,
  shard: number,
  data: Float32Array,
): void {
  const start = pass.vectors.starts[shard]!;
  const { offsets, positions } = groupRows(pass, plans, start, shardRows(pass.vectors, shard));
  const kPositive = plans[0].base.length;
  for (let group = 0; group + 1 < offsets.length; group++) {
    if (offsets[group + 1]! === offsets[group]!) continue;
    const set = group < kPositive ? 0 : 1;
    const cluster = group - set * kPositive;
    const chosen = positions.subarray(offsets[group]!, offsets[group + 1]!);
    offerMembers(pass, { plan: plans[set]!, cluster, centres: centres[set]![cluster]! }, heaps, start, {
      data,
      chosen,
    });
  }
}

/**
 * Counting sort of a shard's searched rows by (side, cluster), the clusters of both sides numbered as one
 * (`set x kPositive + cluster`): group g's rows are `positions[offsets[g] .. offsets[g + 1] - 1]`, in row order.
 */
function groupRows(
  pass: CandidatePass,
  plans: [SidePlan, SidePlan],
  start: number,
  rows: number,
): { offsets: Int32Array; positions: Int32Array } {
  const kPositive = plans[0].base.length;
  const groups = kPositive + plans[1].base.length;
  const groupOf = new Int32Array(rows).fill(-1);
  const offsets = new Int32Array(groups + 1);
  for (let row = 0; row < rows; row++) {
    const set = pass.which[start + row]!;
    if (set === SKIP_ITEM) continue;
    const cluster = pass.assigned.cluster[start + row]!;
    if (plans[set]!.base[cluster]! < 0) continue;
    groupOf[row] = set * kPositive + cluster;
    offsets[groupOf[row]! + 1]!++;
  }
  for (let group = 0; group < groups; group++) offsets[group + 1]! += offsets[group]!;
  const cursor = offsets.slice(0, groups);
  const positions = new Int32Array(offsets[groups]!);
  for (let row = 0; row < rows; row++) if (groupOf[row]! >= 0) positions[cursor[groupOf[row]!]!++] = row;
  return { offsets, positions };
}

/** Offers one cluster's members of the shard (rows `chosen` of `data`) to the heaps of each of its partners. */
function offerMembers(
  pass: CandidatePass,
  group: { plan: SidePlan; cluster: number; centres: Float32Array },
  heaps: PartnerHeaps,
  start: number,
  shard: { data: Float32Array; chosen: Int32Array },
): void {
  const { chosen } = shard;
  const members = chosen.length;
  const points = copyRows(shard.data, pass.vectors.dimensions, chosen);
  const list = group.plan.partners[group.cluster]!;
  const base = group.plan.base[group.cluster]!;
  const { values, columns } = pass.kernel.cross(points, members, group.centres, list.length);
  for (let column = 0; column < list.length; column++) {
    for (let member = 0; member < members; member++) {
      heaps.offer(base + column, values[member * columns + column]!, start + chosen[member]!, points, member);
    }
  }
}

/** The exact pair search on the heaps' rows: each side seen through the members its heaps kept. */
function searchHeaps(
  pass: CandidatePass,
  plans: [SidePlan, SidePlan],
  heaps: PartnerHeaps,
  clusterPairs: readonly ClusterPairOverlap[],
): CandidatePair[] {
  const kept = new Map<number, Float32Array>();
  const groups = plans.map((sidePlan) =>
    sidePlan.partners.map((list, cluster) => {
      const members = new Set<number>();
      for (let column = 0; column < list.length; column++) {
        heaps.forEachRow(sidePlan.base[cluster]! + column, (item, row) => {
          members.add(item);
          kept.set(item, row);
        });
      }
      return Int32Array.from(members).sort();
    }),
  );
  const { dimensions } = pass.vectors;
  const { items, local, embeddings } = localRows(kept, dimensions);
  const [positive, negative] = plans.map((_, set) =>
    partialSide(pass.sides[set]!, groups[set]!, { local, distance: pass.assigned.distance }),
  );
  const found = findCandidatePairs(clusterPairs, positive!, negative!, {
    embeddings,
    dimensions,
    candidatesPerCluster: pass.candidatesPerCluster,
    maxPairsPerClusterPair: pass.maxPairsPerClusterPair,
    kernel: pass.kernel,
    ...(pass.factor === undefined ? {} : { factor: localFactor(pass.factor, items) }),
  });
  return found.map((candidate) => {
    const pair = { ...candidate, positive: items[candidate.positive]!, negative: items[candidate.negative]! };
    pass.rows.set(pair.positive, kept.get(pair.positive)!.slice());
    pass.rows.set(pair.negative, kept.get(pair.negative)!.slice());
    return pair;
  });
}

/** A pool-index pair factor seen through local rows (local row r is pool item `items[r]`). */
function localFactor(factor: PairFactor, items: Int32Array): PairFactor {
  return (positive, negative) => factor(items[positive]!, items[negative]!);
}
