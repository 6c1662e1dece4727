import type { Rng } from '@borderline/core';
import type { DistanceEngine } from './distance-engine';
import type { PointSet } from './point-set';

/** Chosen initial centres: `count` may be below the requested k when the data has fewer distinct points. */
export interface InitialCentres {
  readonly centres: Float32Array;
  readonly count: number;
}

/**
 * Greedy k-means++ (Arthur & Vassilvitskii's seeding with several local trials per centre, the variant
 * scikit-learn uses): each new centre is the best of 2 + floor(ln k) candidates drawn with probability
 * proportional to the squared distance to the nearest chosen centre. Per new centre that is one distance pass
 * over the points for all candidates together (the same work as scikit-learn's), on the fit's distance engine.
 * Stops early, returning fewer centres, when every point already coincides with a centre (duplicates), so no two
 * centres are equal.
 */
export function greedyKMeansPlusPlus(
  set: PointSet,
  k: number,
  rng: Rng,
  engine: DistanceEngine,
): InitialCentres {
  const { points, count, dimensions } = set;
  const centres = new Float32Array(k * dimensions);
  if (count === 0 || k === 0) return { centres: centres.subarray(0, 0), count: 0 };
  const trials = kMeansPlusPlusTrials(k);
  const first = rng.int(0, count);
  centres.set(points.subarray(first * dimensions, (first + 1) * dimensions), 0);
  const closest = new Float64Array(count);
  const start = engine.toRows(Int32Array.of(first));
  for (let index = 0; index < count; index++) closest[index] = start.values[index * start.columns]!;
  const cumulative = new Float64Array(count);
  const rows = new Int32Array(trials);
  const potentials = new Float64Array(trials);
  for (let chosen = 1; chosen < k; chosen++) {
    const total = cumulativeSum(closest, cumulative);
    if (!(total > 0)) return { centres: centres.slice(0, chosen * dimensions), count: chosen };
    for (let trial = 0; trial < trials; trial++)
      rows[trial] = drawProportional(cumulative, total * rng.float());
    const candidates = engine.toRows(rows);
    const best = bestTrial(engine, closest, potentials);
    for (let index = 0; index < count; index++) {
      const value = candidates.values[index * candidates.columns + best]!;
      if (value < closest[index]!) closest[index] = value;
    }
    const row = rows[best]!;
    centres.set(points.subarray(row * dimensions, (row + 1) * dimensions), chosen * dimensions);
  }
  return { centres, count: k };
}

/** Candidates tried per new centre: 2 + floor(ln k), as scikit-learn. */
export function kMeansPlusPlusTrials(k: number): number {
  return 2 + Math.floor(Math.log(Math.max(k, 1)));
}

/** The trial whose adoption leaves the smallest potential (sum of squared distances to the nearest centre). */
function bestTrial(engine: DistanceEngine, closest: Float64Array, potentials: Float64Array): number {
  engine.potentials(closest, potentials);
  let best = 0;
  for (let trial = 1; trial < potentials.length; trial++)
    if (potentials[trial]! < potentials[best]!) best = trial;
  return best;
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
