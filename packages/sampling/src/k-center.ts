import { createRng } from '@borderline/core';
import { assignNearest, copyRows, crossDistances, squaredNorms } from '@borderline/kmeans';
import type { Selection, SelectionInput } from './policy';
import { cappedBudget, checkSelectionInput, unreviewedIndices } from './selection-input';

/** Options of the k-center greedy (core-set) policy. */
export interface KCenterOptions {
  /** Unreviewed items considered (a seeded sample when the pool is larger; default 20,000). */
  readonly candidateLimit?: number;
  /** Reviewed items used as existing centres (a seeded sample when more; default 2,048). */
  readonly reviewedLimit?: number;
}

/**
 * k-center greedy (Sener & Savarese's core-set): repeatedly take the candidate farthest from every reviewed or
 * already chosen item. With nothing reviewed the first pick is random (seeded).
 */
export async function selectKCenter(input: SelectionInput, options: KCenterOptions = {}): Promise<Selection> {
  checkSelectionInput(input, 'k-center');
  const { candidateLimit = 20_000, reviewedLimit = 2_048 } = options;
  const { embeddings, dimensions } = input;
  const warnings: string[] = [];
  const rng = createRng(input.seed).fork('k-center');
  const pool = limit(unreviewedIndices(input), candidateLimit, rng, warnings, 'unreviewed candidates');
  const budget = cappedBudget(input.budget, pool.length, warnings, 'k-center');
  const reviewed = limit(reviewedIndices(input.reviewed), reviewedLimit, rng, warnings, 'reviewed centres');
  const points = copyRows(embeddings, dimensions, pool);
  const norms = squaredNorms(points, pool.length, dimensions);
  const nearest = new Float64Array(pool.length).fill(Number.POSITIVE_INFINITY);
  if (reviewed.length > 0 && pool.length > 0) {
    const centres = copyRows(embeddings, dimensions, reviewed);
    const task = {
      points,
      pointNorms: norms,
      dimensions,
      centres,
      centreNorms: squaredNorms(centres, reviewed.length, dimensions),
      centreCount: reviewed.length,
      start: 0,
      end: pool.length,
    };
    assignNearest(task, { assignments: new Int32Array(pool.length), distances: nearest });
  }
  const first = reviewed.length > 0 ? argMax(nearest) : pool.length > 0 ? rng.int(0, pool.length) : -1;
  const items = greedyPicks({ points, norms, dimensions }, pool, nearest, { first, budget });
  return { policy: 'k-center', items, warnings };
}

/**
 * The greedy picks from `first` on: each pick's distances lower `nearest` (each candidate's squared distance to
 * its nearest centre), and the next pick is the candidate farthest from every centre.
 */
function greedyPicks(
  rows: { points: Float32Array; norms: Float64Array; dimensions: number },
  pool: Int32Array,
  nearest: Float64Array,
  picks: { first: number; budget: number },
): Int32Array {
  const { points, norms, dimensions } = rows;
  const items = new Int32Array(picks.budget);
  const column = new Float64Array(pool.length);
  let next = picks.first;
  for (let chosen = 0; chosen < picks.budget && next >= 0; chosen++) {
    items[chosen] = pool[next]!;
    const centre = points.subarray(next * dimensions, (next + 1) * dimensions);
    crossDistances(
      {
        points,
        pointNorms: norms,
        dimensions,
        centres: centre,
        centreNorms: norms.subarray(next, next + 1),
        centreCount: 1,
        start: 0,
        end: pool.length,
      },
      column,
    );
    for (let index = 0; index < pool.length; index++)
      if (column[index]! < nearest[index]!) nearest[index] = column[index]!;
    nearest[next] = -1;
    next = argMax(nearest);
  }
  return items;
}

function reviewedIndices(reviewed: Uint8Array): Int32Array {
  const out: number[] = [];
  for (let index = 0; index < reviewed.length; index++) if (reviewed[index] !== 0) out.push(index);
  return Int32Array.from(out);
}

function limit(
  indices: Int32Array,
  cap: number,
  rng: ReturnType<typeof createRng>,
  warnings: string[],
  what: string,
): Int32Array {
  if (indices.length <= cap) return indices;
  warnings.push(`k-center: ${indices.length} ${what}; using a seeded sample of ${cap}`);
  return rng
    .fork(what)
    .sample(indices.length, cap)
    .sort()
    .map((position) => indices[position]!);
}

function argMax(values: Float64Array): number {
  let best = -1;
  for (let index = 0; index < values.length; index++)
    if (best < 0 || values[index]! > values[best]!) best = index;
  return best >= 0 && values[best]! >= 0 ? best : -1;
}
