import { createRng, type Rng, throwIfAborted, type VectorShards } from '@borderline/core';
import { createCrossKernel } from '@borderline/kmeans';
import { type AssignResult, checkAssignResult, streamingAssign } from './assign-pass';
import { BOUNDARY_PAIR_DEFAULTS } from './boundary-pair-options';
import type { CandidatePair } from './candidate-pairs';
import { localRows } from './local-rows';
import { budgeted, type Mined, minedSelection, nothingToMine, searchPairs } from './mine-pairs';
import { pairFactor } from './pair-doubt';
import type { BoundaryPair, Selection, SelectionInput } from './policy';
import { isScoreStrataBatch, selectScoreStrata } from './score-strata';
import { streamingCandidates } from './streaming-candidates';
import {
  checkStreamingInput,
  STREAMING_SAMPLE_DEFAULT,
  type StreamingBoundaryPairInput,
  type StreamingPhase,
} from './streaming-input';
import { streamingOverlaps } from './streaming-overlap';
import { countSet, fitStreamSides, type StreamSide, sideSets, streamSide } from './streaming-sides';

export type { StreamingBoundaryPairInput, StreamingFallback, StreamingPhase } from './streaming-input';
export { STREAMING_SAMPLE_DEFAULT } from './streaming-input';

/**
 * Boundary-pair selection over a pool whose vectors are read shard by shard (DESIGN.md steps 2-4, as
 * {@link selectBoundaryPairs}): each side's k-means is fitted on a seeded sample of its unreviewed items, one
 * streaming pass (`assign`) assigns every item exactly, radii come from the streamed distances, and the candidate
 * search reads only the shards holding members of the cluster pairs it searches. The overlap test, the pair
 * search and the coverage choice are the in-memory path's own code. Memory: one shard, the sample, and about 13
 * bytes per item (cluster, distance, side), plus the candidates' rows; never the pool's vectors.
 *
 * On a pool that fits in memory it selects what `selectBoundaryPairs` with `clusterSample` = `sample` selects
 * (tested), whatever the sharding; `firstBatch` and `pairScoring` act as they do there.
 */
export async function selectBoundaryPairsStreaming(input: StreamingBoundaryPairInput): Promise<Selection> {
  checkStreamingInput(input);
  if (isScoreStrataBatch(input.firstBatch, input.reviewed))
    return selectScoreStrata(input, 'boundary-pairs (streaming)');
  const warnings: string[] = [];
  const mined = await mine(input, warnings);
  return minedSelection(mined, warnings, input.budget, {
    policy: input.fallback,
    input: () => vectorFreeInput(input),
  });
}

/** Shard reads by phase, for `onPhase`. */
function phaseReporter(input: StreamingBoundaryPairInput): {
  reads: { count: number };
  end: (phase: StreamingPhase['phase']) => void;
} {
  const reads = { count: 0 };
  let before = 0;
  return {
    reads,
    end: (phase) => {
      input.onPhase?.({ phase, shardsRead: reads.count - before });
      before = reads.count;
    },
  };
}

type Phases = ReturnType<typeof phaseReporter>;

async function mine(input: StreamingBoundaryPairInput, warnings: string[]): Promise<Mined> {
  const which = sideSets(input.predicted, input.reviewed);
  const sizes = [countSet(which, 0), countSet(which, 1)] as const;
  if (nothingToMine(input.budget, sizes[0], sizes[1], warnings)) return { items: [], pairs: [] };
  const phases = phaseReporter(input);
  const rng = createRng(input.seed).fork('boundary-pairs');
  const vectors = countingReads(input.vectors, phases.reads);
  const { sides, assigned } = await clusterSides({ ...input, vectors }, which, sizes, {
    rng,
    warnings,
    phases,
  });
  const pass = { vectors, which, assigned, sides, signal: input.signal };
  const tested = await streamingOverlaps(input, pass, rng);
  phases.end('overlap');
  throwIfAborted(input.signal, 'boundary-pairs');
  const rows = new Map<number, Float32Array>();
  const find = streamingCandidates({
    ...pass,
    candidatesPerCluster: input.candidatesPerCluster ?? BOUNDARY_PAIR_DEFAULTS.candidatesPerCluster,
    maxPairsPerClusterPair: input.maxPairsPerClusterPair ?? BOUNDARY_PAIR_DEFAULTS.maxPairsPerClusterPair,
    kernel: createCrossKernel(vectors.dimensions, input.pairSearchKernel ?? 'js'),
    rows,
    factor: pairFactor(input, input.scores, 'boundary-pairs (streaming)'),
  });
  const candidates = await searchPairs(input, tested, find, warnings);
  phases.end('candidates');
  const chosen = chooseOnRows(input, candidates, rows, tested.threshold, rng);
  phases.end('coverage');
  return chosen;
}

/** Steps 1-2 on shards: each side fitted on its sample, every item assigned by the pass, radii from its distances. */
async function clusterSides(
  input: StreamingBoundaryPairInput,
  which: Uint8Array,
  sizes: readonly [number, number],
  context: { readonly rng: Rng; readonly warnings: string[]; readonly phases: Phases },
): Promise<{ sides: [StreamSide, StreamSide]; assigned: AssignResult }> {
  const { vectors, signal } = input;
  const sample = input.sample ?? STREAMING_SAMPLE_DEFAULT;
  const fits = await fitStreamSides(input, which, sizes, { ...context, sample });
  context.phases.end('fit');
  const assign = input.assign ?? streamingAssign(vectors);
  const centres = fits.map((fit) => fit.centroids.subarray(0, fit.k * vectors.dimensions));
  const answer = await assign({ centres, which, signal });
  const assigned = checkAssignResult(answer, which, centres, vectors.dimensions);
  context.phases.end('assign');
  const quantile = input.radiusQuantile ?? BOUNDARY_PAIR_DEFAULTS.radiusQuantile;
  const sides: [StreamSide, StreamSide] = [
    streamSide(1, fits[0], which, assigned, quantile),
    streamSide(0, fits[1], which, assigned, quantile),
  ];
  return { sides, assigned };
}

/** The coverage step on the candidates' gathered rows (local indices), answered in pool indices. */
function chooseOnRows(
  input: StreamingBoundaryPairInput,
  candidates: readonly CandidatePair[],
  rows: Map<number, Float32Array>,
  threshold: number,
  rng: Rng,
): Mined {
  const { dimensions } = input.vectors;
  const { items, local, embeddings } = localRows(rows, dimensions);
  const localCandidates = candidates.map((candidate) => ({
    ...candidate,
    positive: local.get(candidate.positive)!,
    negative: local.get(candidate.negative)!,
  }));
  const mined = budgeted(input, localCandidates, threshold, { embeddings, dimensions, rng });
  const pairs: BoundaryPair[] = mined.pairs.map((pair) => ({
    ...pair,
    positive: items[pair.positive]!,
    negative: items[pair.negative]!,
  }));
  return { items: mined.items.map((item) => items[item]!), pairs };
}

/** `vectors` with its shard reads counted in `reads`. */
function countingReads(vectors: VectorShards, reads: { count: number }): VectorShards {
  return {
    count: vectors.count,
    dimensions: vectors.dimensions,
    starts: vectors.starts,
    readShard: (shard, options) => {
      reads.count++;
      return vectors.readShard(shard, options);
    },
  };
}

/**
 * The input of a fallback policy that reads no vectors (random, uncertainty, stratified): the labels, scores and
 * reviewed flags as they are, and a zero column standing in for the vectors the contract carries (4 bytes per
 * item, made only when a short batch is filled).
 */
function vectorFreeInput(input: StreamingBoundaryPairInput): SelectionInput {
  const { predicted, reviewed, budget, seed, signal, scores } = input;
  const base = {
    embeddings: new Float32Array(input.vectors.count),
    dimensions: 1,
    predicted,
    reviewed,
    budget,
    seed,
  };
  return {
    ...base,
    ...(scores === undefined ? {} : { scores }),
    ...(signal === undefined ? {} : { signal }),
  };
}
