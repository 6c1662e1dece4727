import type { Rng, VectorShards } from '@borderline/core';
import type { AssignResult } from './assign-pass';
import { BOUNDARY_PAIR_DEFAULTS, type PairMiningOptions } from './boundary-pair-options';
import { positionsOf } from './local-rows';
import { type TestedPairs, testedPairs } from './mine-pairs';
import { gatherShardRows } from './shard-reads';
import { partialSide, type StreamSide } from './streaming-sides';

/** What the streaming overlap test reads. */
export interface OverlapPass {
  readonly vectors: VectorShards;
  readonly which: Uint8Array;
  readonly assigned: AssignResult;
  /** Indexed by set: [positive, negative]. */
  readonly sides: readonly [StreamSide, StreamSide];
  readonly signal?: AbortSignal;
}

/**
 * The overlap test of every cluster pair (overlap.ts) on a sharded pool. The radius test needs only centroids and
 * radii; the mixing test reads just the members it samples: the same members, by the same seeded draw, as the
 * in-memory path, gathered from the shards that hold them.
 */
export async function streamingOverlaps(
  options: PairMiningOptions,
  pass: OverlapPass,
  rng: Rng,
): Promise<TestedPairs> {
  const test = options.overlap ?? BOUNDARY_PAIR_DEFAULTS.overlap;
  const { dimensions } = pass.vectors;
  if (test === 'radius') {
    const [positive, negative] = pass.sides.map((side) =>
      partialSide(side, [], { local: new Map(), distance: pass.assigned.distance }),
    );
    return testedPairs(
      options,
      { positive: positive!, negative: negative! },
      new Float32Array(0),
      dimensions,
      rng,
    );
  }
  const size = options.mixingSample ?? BOUNDARY_PAIR_DEFAULTS.mixingSample;
  const overlapRng = rng.fork('overlap');
  const members = pass.sides.map((side) => {
    const ranks = Array.from(side.sizes, (count, cluster) =>
      overlapRng.fork(`${side.label}:${cluster}`).sample(count, Math.min(count, size)).sort(),
    );
    return membersAtRanks(pass, side.set, ranks);
  });
  const items = Int32Array.from(members.flatMap((groups) => groups.flatMap((group) => [...group]))).sort();
  const embeddings = await gatherShardRows(pass.vectors, items, 'boundary-pairs (streaming)', pass.signal);
  const local = positionsOf(items);
  const [positive, negative] = pass.sides.map((side, set) =>
    partialSide(side, members[set]!, { local, distance: pass.assigned.distance }),
  );
  return testedPairs(options, { positive: positive!, negative: negative! }, embeddings, dimensions, rng);
}

/** Per cluster of set `set`: the pool indices of its members at the given ranks (ascending) in pool order. */
function membersAtRanks(pass: OverlapPass, set: number, ranks: readonly Int32Array[]): Int32Array[] {
  const out = ranks.map((list) => new Int32Array(list.length));
  const seen = new Int32Array(ranks.length);
  const taken = new Int32Array(ranks.length);
  for (let item = 0; item < pass.which.length; item++) {
    if (pass.which[item] !== set) continue;
    const cluster = pass.assigned.cluster[item]!;
    const list = ranks[cluster]!;
    if (taken[cluster]! < list.length && list[taken[cluster]!] === seen[cluster]) {
      out[cluster]![taken[cluster]!] = item;
      taken[cluster]!++;
    }
    seen[cluster]!++;
  }
  return out;
}
