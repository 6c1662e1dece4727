import type { Rng } from '@borderline/core';
import type { KMeansResult } from '@borderline/kmeans';
import { type AssignResult, SKIP_ITEM } from './assign-pass';
import { wantedClusters } from './boundary-pair-options';
import { quantileRadii } from './cluster-radii';
import { fewItemsWarning, sideWarnings } from './mine-pairs';
import { gatherShardRows } from './shard-reads';
import { type FitSettings, fitSample, fitWhole, type SideClusters, samplePositions } from './side-clusters';
import type { StreamingBoundaryPairInput } from './streaming-input';

/** One predicted side of a sharded pool after the fit and the assignment pass: no member lists, no vectors. */
export interface StreamSide {
  /** 1 positive, 0 negative. */
  readonly label: 0 | 1;
  /** The side's index in `which` (positive 0, negative 1). */
  readonly set: 0 | 1;
  readonly name: 'positive' | 'negative';
  /** The fit (its `assignments` and `distances` are the fitted sample's; the pool's are in the pass's result). */
  readonly fit: KMeansResult;
  /** Members per cluster, over the whole side. */
  readonly sizes: Int32Array;
  /** Per cluster: the radius quantile of member-to-centroid distances, over the whole side. */
  readonly radii: Float64Array;
}

/** Per pool item: its side's set (positive 0, negative 1) or 255 for a reviewed item. */
export function sideSets(predicted: Uint8Array, reviewed: Uint8Array): Uint8Array {
  const which = new Uint8Array(predicted.length);
  for (let item = 0; item < which.length; item++) {
    which[item] = reviewed[item] !== 0 ? SKIP_ITEM : predicted[item] !== 0 ? 0 : 1;
  }
  return which;
}

/** How many items of `which` are in set `set`. */
export function countSet(which: Uint8Array, set: number): number {
  let total = 0;
  for (let item = 0; item < which.length; item++) if (which[item] === set) total++;
  return total;
}

/**
 * The pool indices of the `ranks`-th (ascending, distinct) items of set `set`: the side's items in pool order,
 * without a list of them.
 */
export function itemsAtRanks(which: Uint8Array, set: number, ranks: Int32Array): Int32Array {
  const out = new Int32Array(ranks.length);
  let rank = 0;
  let at = 0;
  for (let item = 0; item < which.length && at < ranks.length; item++) {
    if (which[item] !== set) continue;
    if (rank === ranks[at]) out[at++] = item;
    rank++;
  }
  return out;
}

/** What fitting the sides needs besides the input. */
export interface FitContext {
  readonly sample: number;
  readonly rng: Rng;
  readonly warnings: string[];
}

/**
 * Fits each side's k-means on a seeded sample of its items (the whole side when it is no larger than `sample`):
 * the same sample and the same fit as the in-memory path's `clusterSample`. Both sides' sampled rows are read in
 * one pass over the shards that hold them. Returns [positive, negative].
 */
export async function fitStreamSides(
  input: StreamingBoundaryPairInput,
  which: Uint8Array,
  sizes: readonly [number, number],
  context: FitContext,
): Promise<[KMeansResult, KMeansResult]> {
  const plans = ([1, 0] as const).map((label) => sidePlan(input, which, label, sizes[1 - label]!, context));
  // One gather of both sides' rows (each shard read once, whatever the order); each side's rows are one run of it.
  const both = new Int32Array(plans[0]!.items.length + plans[1]!.items.length);
  both.set(plans[0]!.items);
  both.set(plans[1]!.items, plans[0]!.items.length);
  const rows = await gatherShardRows(input.vectors, both, 'boundary-pairs (streaming)', input.signal);
  const { dimensions } = input.vectors;
  const [positive, negative] = plans.map((plan, index) => {
    const first = index === 0 ? 0 : plans[0]!.items.length;
    const own = rows.subarray(first * dimensions, (first + plan.items.length) * dimensions);
    const fit = plan.sampled
      ? fitSample(own, dimensions, plan.settings)
      : fitWhole(own, dimensions, plan.settings);
    context.warnings.push(...sideWarnings(plan.name, fit));
    return fit;
  });
  return [positive!, negative!];
}

interface SidePlan {
  readonly name: 'positive' | 'negative';
  readonly settings: FitSettings;
  readonly sampled: boolean;
  /** The pool indices of the rows the fit reads, ascending. */
  readonly items: Int32Array;
}

function sidePlan(
  input: StreamingBoundaryPairInput,
  which: Uint8Array,
  label: 0 | 1,
  size: number,
  context: FitContext,
): SidePlan {
  const name = label === 1 ? 'positive' : 'negative';
  const asked = wantedClusters(input.k, name, size);
  const few = fewItemsWarning(name, size, asked);
  if (few !== undefined) context.warnings.push(few);
  const settings = {
    k: Math.min(asked, Math.max(1, size)),
    seed: context.rng.fork(name).nextUint32(),
    signal: input.signal,
  };
  const sampled = size > context.sample;
  const ranks = sampled
    ? samplePositions(size, context.sample, settings.seed)
    : Int32Array.from({ length: size }, (_, rank) => rank);
  return { name, settings, sampled, items: itemsAtRanks(which, label === 1 ? 0 : 1, ranks) };
}

/** A side's cluster sizes and robust radii from the assignment pass's clusters and distances. */
export function streamSide(
  label: 0 | 1,
  fit: KMeansResult,
  which: Uint8Array,
  assigned: AssignResult,
  quantile: number,
): StreamSide {
  const set = label === 1 ? 0 : 1;
  const sizes = new Int32Array(fit.k);
  for (let item = 0; item < which.length; item++) if (which[item] === set) sizes[assigned.cluster[item]!]!++;
  const radii = quantileRadii(assigned.distance, assigned.cluster, fit.k, quantile, { which, set });
  return { label, set, name: label === 1 ? 'positive' : 'negative', fit, sizes, radii };
}

/**
 * A side seen through some of its members only: `groups[c]` are cluster c's chosen members (pool indices,
 * ascending), seen as the rows `rows.local` gives them in a local matrix (ascending pool order), with their squared
 * distances to the centroid from the assignment pass (`rows.distance`, by pool index). The overlap test and the
 * candidate search read a side through this shape, so they run unchanged on the rows the streaming path gathered.
 */
export function partialSide(
  side: StreamSide,
  groups: readonly Int32Array[],
  rows: { readonly local: ReadonlyMap<number, number>; readonly distance: Float64Array },
): SideClusters {
  const offsets = new Int32Array(side.fit.k + 1);
  for (let cluster = 0; cluster < side.fit.k; cluster++)
    offsets[cluster + 1] = offsets[cluster]! + (groups[cluster]?.length ?? 0);
  const total = offsets[side.fit.k]!;
  const items = new Int32Array(total);
  const assignments = new Int32Array(total);
  const memberDistances = new Float64Array(total);
  for (let cluster = 0; cluster < side.fit.k; cluster++) {
    const group = groups[cluster];
    if (group === undefined) continue;
    const first = offsets[cluster]!;
    assignments.fill(cluster, first, offsets[cluster + 1]!);
    for (let index = 0; index < group.length; index++) {
      items[first + index] = rows.local.get(group[index]!)!;
      memberDistances[first + index] = rows.distance[group[index]!]!;
    }
  }
  const members = Int32Array.from({ length: total }, (_, index) => index);
  const clustering = { ...side.fit, assignments, distances: memberDistances };
  return { label: side.label, items, clustering, offsets, members, radii: side.radii };
}
