import type { Rng } from '@borderline/core';
import { crossDistances, squaredNorms } from '@borderline/kmeans';
import type { CandidatePair } from './candidate-pairs';

/**
 * How pairs are preferred when they exceed the budget ("cover a larger area"):
 * - `farthest-first`: greedy k-center on pair midpoints: start from the tightest pair, then always take the
 *   pair whose midpoint is farthest from every chosen midpoint (maximises the spread, minimises the covering
 *   radius of the chosen set).
 * - `facility-location`: greedy (lazy) maximisation of sum over candidate midpoints of the best similarity
 *   exp(-d^2 / h) to a chosen midpoint, h the median squared distance: covers where candidate pairs are dense,
 *   so it spends more of the budget on long stretches of boundary and less on isolated outliers.
 * Each candidate's `factor` (its doubt factor, 1 when pairs are ranked by distance) divides the greedy criterion:
 * the first pick is the pair of least distance x factor, farthest-first then takes the largest spread / factor
 * (squared, as the distances are) and facility-location the largest gain / factor.
 */
export type CoverageMeasure = 'farthest-first' | 'facility-location';

/** The measures this package implements. */
export const COVERAGE_MEASURES: readonly CoverageMeasure[] = ['farthest-first', 'facility-location'];

/** A chosen candidate and why. */
export interface CoveragePick {
  readonly candidate: number;
  readonly reason: string;
}

/** The data the coverage step reads. */
export interface CoverageContext {
  readonly candidates: readonly CandidatePair[];
  /**
   * Priority tier per candidate (0 first): a lower tier is exhausted before a higher one is touched (boundary
   * pairs: tight pairs of overlapping cluster pairs, then tight pairs below the threshold, then long pairs).
   */
  readonly tiers: Uint8Array;
  readonly embeddings: Float32Array;
  readonly dimensions: number;
  readonly rng: Rng;
}

const REFERENCE_LIMIT = 512;

/**
 * Chooses up to `pairs` item-disjoint candidates in selection order. A candidate is skipped once one of its
 * items is taken by an earlier pick (an item can be nearest across in several cluster pairs).
 */
export function choosePairs(
  measure: CoverageMeasure,
  pairs: number,
  context: CoverageContext,
): CoveragePick[] {
  const midpoints = pairMidpoints(context);
  const eligible = new Uint8Array(context.candidates.length).fill(1);
  const sharing = candidatesByItem(context.candidates);
  const take = (candidate: number): void => {
    const pair = context.candidates[candidate]!;
    for (const item of [pair.positive, pair.negative]) {
      for (const other of sharing.get(item)!) eligible[other] = 0;
    }
    restrictToLowestTier(eligible, context.tiers);
  };
  restrictToLowestTier(eligible, context.tiers);
  return measure === 'farthest-first'
    ? farthestFirst(pairs, midpoints, context, eligible, take)
    : facilityLocation(pairs, midpoints, context, eligible, take);
}

/** The candidates each item belongs to: taking a pair rules out exactly these for its two items. */
function candidatesByItem(candidates: readonly CandidatePair[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  candidates.forEach((pair, index) => {
    for (const item of [pair.positive, pair.negative]) {
      const list = out.get(item);
      if (list === undefined) out.set(item, [index]);
      else list.push(index);
    }
  });
  return out;
}

/** Marks eligible (1) only the candidates of the lowest tier that still has one; others wait (2). */
function restrictToLowestTier(eligible: Uint8Array, tiers: Uint8Array): void {
  let lowest = 256;
  for (let index = 0; index < eligible.length; index++) {
    if (eligible[index] !== 0 && tiers[index]! < lowest) lowest = tiers[index]!;
  }
  for (let index = 0; index < eligible.length; index++) {
    if (eligible[index] !== 0) eligible[index] = tiers[index] === lowest ? 1 : 2;
  }
}

function pairMidpoints(context: CoverageContext): Float32Array {
  const { candidates, embeddings, dimensions } = context;
  const out = new Float32Array(candidates.length * dimensions);
  candidates.forEach((pair, index) => {
    for (let j = 0; j < dimensions; j++) {
      out[index * dimensions + j] =
        0.5 * (embeddings[pair.positive * dimensions + j]! + embeddings[pair.negative * dimensions + j]!);
    }
  });
  return out;
}

function tightest(context: CoverageContext, eligible: Uint8Array): number {
  let best = -1;
  context.candidates.forEach((pair, index) => {
    if (eligible[index] !== 1) return;
    const chosen = best < 0 ? undefined : context.candidates[best]!;
    if (chosen === undefined || pair.distance * pair.factor < chosen.distance * chosen.factor) best = index;
  });
  return best;
}

function farthestFirst(
  pairs: number,
  midpoints: Float32Array,
  context: CoverageContext,
  eligible: Uint8Array,
  take: (c: number) => void,
): CoveragePick[] {
  const { dimensions, candidates } = context;
  const count = candidates.length;
  const norms = squaredNorms(midpoints, count, dimensions);
  const nearest = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
  const weight = Float64Array.from(candidates, (pair) => 1 / pair.factor ** 2);
  const column = new Float64Array(count);
  const picks: CoveragePick[] = [];
  let next = tightest(context, eligible);
  while (next >= 0 && picks.length < pairs) {
    const spread = Number.isFinite(nearest[next]!)
      ? `nearest chosen midpoint ${Math.sqrt(nearest[next]!).toPrecision(3)} away`
      : 'tightest pair';
    picks.push({
      candidate: next,
      reason: `farthest-first pick ${picks.length + 1} of ${count} candidate pairs (${spread})`,
    });
    take(next);
    const centre = midpoints.subarray(next * dimensions, (next + 1) * dimensions);
    crossDistances(
      {
        points: midpoints,
        pointNorms: norms,
        dimensions,
        centres: centre,
        centreNorms: norms.subarray(next, next + 1),
        centreCount: 1,
        start: 0,
        end: count,
      },
      column,
    );
    next = -1;
    for (let index = 0; index < count; index++) {
      if (column[index]! < nearest[index]!) nearest[index] = column[index]!;
      if (
        eligible[index] === 1 &&
        (next < 0 || nearest[index]! * weight[index]! > nearest[next]! * weight[next]!)
      )
        next = index;
    }
  }
  return picks;
}

function facilityLocation(
  pairs: number,
  midpoints: Float32Array,
  context: CoverageContext,
  eligible: Uint8Array,
  take: (c: number) => void,
): CoveragePick[] {
  const { dimensions, candidates, rng } = context;
  const count = candidates.length;
  const references =
    count <= REFERENCE_LIMIT
      ? Int32Array.from({ length: count }, (_, i) => i)
      : rng.fork('facility').sample(count, REFERENCE_LIMIT).sort();
  const similarity = similarityMatrix(midpoints, dimensions, count, references);
  const width = references.length;
  const covered = new Float64Array(width);
  const gain = (candidate: number): number => {
    let sum = 0;
    for (let r = 0; r < width; r++) {
      const value = similarity[candidate * width + r]! - covered[r]!;
      if (value > 0) sum += value;
    }
    return sum / candidates[candidate]!.factor;
  };
  const bounds = Float64Array.from({ length: count }, (_, c) => gain(c));
  const picks: CoveragePick[] = [];
  while (picks.length < pairs) {
    const best = lazyBest(bounds, eligible, gain);
    if (best < 0) break;
    picks.push({
      candidate: best,
      reason: `facility-location pick ${picks.length + 1} of ${count} candidate pairs (coverage gain ${bounds[best]!.toPrecision(3)})`,
    });
    take(best);
    for (let r = 0; r < width; r++) covered[r] = Math.max(covered[r]!, similarity[best * width + r]!);
  }
  return picks;
}

/** Lazy greedy: re-evaluate the top bound until it stays on top (gains only shrink as coverage grows). */
function lazyBest(bounds: Float64Array, eligible: Uint8Array, gain: (c: number) => number): number {
  for (;;) {
    let best = -1;
    let second = Number.NEGATIVE_INFINITY;
    for (let index = 0; index < bounds.length; index++) {
      if (eligible[index] !== 1) continue;
      if (best < 0 || bounds[index]! > bounds[best]!) {
        if (best >= 0) second = Math.max(second, bounds[best]!);
        best = index;
      } else second = Math.max(second, bounds[index]!);
    }
    if (best < 0) return -1;
    bounds[best] = gain(best);
    if (bounds[best]! >= second) return best;
  }
}

function similarityMatrix(
  midpoints: Float32Array,
  dimensions: number,
  count: number,
  references: Int32Array,
): Float32Array {
  const norms = squaredNorms(midpoints, count, dimensions);
  const centres = new Float32Array(references.length * dimensions);
  const centreNorms = new Float64Array(references.length);
  references.forEach((row, index) => {
    centres.set(midpoints.subarray(row * dimensions, (row + 1) * dimensions), index * dimensions);
    centreNorms[index] = norms[row]!;
  });
  const distances = new Float64Array(count * references.length);
  crossDistances(
    {
      points: midpoints,
      pointNorms: norms,
      dimensions,
      centres,
      centreNorms,
      centreCount: references.length,
      start: 0,
      end: count,
    },
    distances,
  );
  const sorted = Float64Array.from(distances.subarray(0, Math.min(distances.length, 65_536))).sort();
  const width = sorted[sorted.length >> 1]! > 0 ? sorted[sorted.length >> 1]! : 1;
  const out = new Float32Array(distances.length);
  for (let index = 0; index < distances.length; index++) out[index] = Math.exp(-distances[index]! / width);
  return out;
}
