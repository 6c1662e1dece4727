import type { Rng } from '@borderline/core';
import { parallelCross, shared } from './parallel-kernel';

/** Points, their norms and shape, as the initialisers read them. */
export interface PointSet {
  readonly points: Float32Array;
  readonly pointNorms: Float64Array;
  readonly count: number;
  readonly dimensions: number;
}

/** Chosen initial centres: `count` may be below the requested k when the data has fewer distinct points. */
export interface InitialCentres {
  readonly centres: Float32Array;
  readonly count: number;
}

/**
 * Greedy k-means++ (Arthur & Vassilvitskii's seeding with several local trials per centre, the variant
 * scikit-learn uses): each new centre is the best of 2 + floor(ln k) candidates drawn with probability
 * proportional to the squared distance to the nearest chosen centre. Stops early, returning fewer centres,
 * when every point already coincides with a centre (duplicates), so no two centres are equal.
 */
export function greedyKMeansPlusPlus(set: PointSet, k: number, rng: Rng, threads = 1): InitialCentres {
  const { points, count, dimensions } = set;
  const centres = new Float32Array(k * dimensions);
  if (count === 0 || k === 0) return { centres: centres.subarray(0, 0), count: 0 };
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(0, count);
  centres.set(points.subarray(first * dimensions, (first + 1) * dimensions), 0);
  const closest = new Float64Array(count);
  distancesToRows(set, Int32Array.of(first), closest, 1);
  const cumulative = new Float64Array(count);
  const candidates =
    threads > 1 ? shared(new Float64Array(count * trials)) : new Float64Array(count * trials);
  const rows = new Int32Array(trials);
  for (let chosen = 1; chosen < k; chosen++) {
    const total = cumulativeSum(closest, cumulative);
    if (!(total > 0)) return { centres: centres.slice(0, chosen * dimensions), count: chosen };
    for (let trial = 0; trial < trials; trial++)
      rows[trial] = drawProportional(cumulative, total * rng.float());
    distancesToRows(set, rows, candidates, threads);
    const best = bestTrial(closest, candidates, trials);
    for (let index = 0; index < count; index++) {
      const value = candidates[index * trials + best]!;
      if (value < closest[index]!) closest[index] = value;
    }
    const row = rows[best]!;
    centres.set(points.subarray(row * dimensions, (row + 1) * dimensions), chosen * dimensions);
  }
  return { centres, count: k };
}

/** The trial whose adoption leaves the smallest potential (sum of squared distances to the nearest centre). */
function bestTrial(closest: Float64Array, candidates: Float64Array, trials: number): number {
  let best = 0;
  let bestPotential = Number.POSITIVE_INFINITY;
  for (let trial = 0; trial < trials; trial++) {
    let potential = 0;
    for (let index = 0; index < closest.length; index++) {
      const value = candidates[index * trials + trial]!;
      potential += Math.min(value, closest[index]!);
    }
    if (potential < bestPotential) {
      bestPotential = potential;
      best = trial;
    }
  }
  return best;
}

/** Squared distance of every point to each of the given rows (count x rows.length), one blocked pass. */
function distancesToRows(set: PointSet, rows: Int32Array, out: Float64Array, threads: number): void {
  const { points, dimensions } = set;
  const parallel = threads > 1 && out.buffer instanceof SharedArrayBuffer;
  const centres = parallel
    ? shared(new Float32Array(rows.length * dimensions))
    : new Float32Array(rows.length * dimensions);
  const centreNorms = parallel ? shared(new Float64Array(rows.length)) : new Float64Array(rows.length);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    centres.set(points.subarray(row * dimensions, (row + 1) * dimensions), index * dimensions);
    centreNorms[index] = set.pointNorms[row]!;
  }
  const task = { ...set, centres, centreNorms, centreCount: rows.length, start: 0, end: set.count };
  parallelCross(task, out, parallel ? threads : 1);
}

function cumulativeSum(values: Float64Array, out: Float64Array): number {
  let sum = 0;
  for (let index = 0; index < values.length; index++) {
    sum += values[index]!;
    out[index] = sum;
  }
  return sum;
}

/** The first index whose cumulative weight exceeds `target`, skipping zero-weight points. */
function drawProportional(cumulative: Float64Array, target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cumulative[middle]! > target) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** k distinct random rows as centres (the plain alternative to k-means++; duplicates in the data may repeat). */
export function randomRows(set: PointSet, k: number, rng: Rng): InitialCentres {
  const take = Math.min(k, set.count);
  const rows = rng.sample(set.count, take);
  const centres = new Float32Array(take * set.dimensions);
  for (let index = 0; index < take; index++) {
    const row = rows[index]!;
    centres.set(
      set.points.subarray(row * set.dimensions, (row + 1) * set.dimensions),
      index * set.dimensions,
    );
  }
  return { centres, count: take };
}
