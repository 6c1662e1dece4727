import { invalidArgument, shardRows, type VectorShards } from '@borderline/core';
import { copyRows, type KernelChoice, nearestCentres } from '@borderline/kmeans';
import { readShardChecked } from './shard-reads';

/** Marks a pool item the assignment pass skips (`AssignRequest.which`). */
export const SKIP_ITEM = 255;

/** What an {@link AssignPass} is asked: centre sets, and which set each pool item is assigned to. */
export interface AssignRequest {
  /** Set `s`: `k_s x dimensions` centres, row-major. */
  readonly centres: readonly Float32Array[];
  /** Per pool item: the index of its centre set, or 255 to skip the item. */
  readonly which: Uint8Array;
  readonly signal?: AbortSignal;
}

/** Per pool item: its nearest centre within its set and the exact squared distance (skipped: -1 and NaN). */
export interface AssignResult {
  readonly cluster: Int32Array;
  readonly distance: Float64Array;
}

/**
 * The streaming exact assignment pass: the nearest centre of set `which[i]` for every pool item `i`, by exact
 * squared Euclidean distance, ties to the lower centre index (the semantics of kmeans' `nearestCentres`). One
 * result per item, whatever runs it: {@link streamingAssign} in this process, or shard jobs on a queue.
 */
export type AssignPass = (request: AssignRequest) => Promise<AssignResult>;

/** Options of {@link streamingAssign}. */
export interface StreamingAssignOptions {
  /** Threads per shard's pass (see kmeans' `nearestCentres`); results do not depend on it. */
  readonly threads?: number;
  /** Distance kernel (default 'auto'); see kmeans' `KernelChoice`. */
  readonly kernel?: KernelChoice;
}

/**
 * The default {@link AssignPass}: reads `vectors` shard by shard (one shard in memory at a time, shards with no
 * item to assign are not read) and runs `nearestCentres` on each set's rows of the shard.
 */
export function streamingAssign(vectors: VectorShards, options: StreamingAssignOptions = {}): AssignPass {
  return async (request) => {
    checkAssignRequest(vectors, request);
    const { which, centres } = request;
    const cluster = new Int32Array(vectors.count).fill(-1);
    const distance = new Float64Array(vectors.count).fill(Number.NaN);
    for (let shard = 0; shard < vectors.starts.length; shard++) {
      const start = vectors.starts[shard]!;
      const end = start + shardRows(vectors, shard);
      const sets = setsIn(which, start, end, centres.length);
      if (sets.length === 0) continue;
      const data = await readShardChecked(vectors, shard, 'streamingAssign', request.signal);
      for (const set of sets) {
        assignSet(
          data,
          { start, end, set, which, centres: centres[set]!, vectors, options },
          cluster,
          distance,
        );
      }
    }
    return { cluster, distance };
  };
}

/** The centre sets with at least one item in [start, end), ascending. */
function setsIn(which: Uint8Array, start: number, end: number, sets: number): number[] {
  const seen = new Uint8Array(sets);
  for (let item = start; item < end; item++) if (which[item] !== SKIP_ITEM) seen[which[item]!] = 1;
  const out: number[] = [];
  for (let set = 0; set < sets; set++) if (seen[set] === 1) out.push(set);
  return out;
}

interface SetTask {
  readonly start: number;
  readonly end: number;
  readonly set: number;
  readonly which: Uint8Array;
  readonly centres: Float32Array;
  readonly vectors: VectorShards;
  readonly options: StreamingAssignOptions;
}

function assignSet(data: Float32Array, task: SetTask, cluster: Int32Array, distance: Float64Array): void {
  const { start, end, set, which, vectors } = task;
  let members = 0;
  for (let item = start; item < end; item++) if (which[item] === set) members++;
  const whole = members === end - start;
  const rows = new Int32Array(whole ? 0 : members);
  if (!whole) {
    let at = 0;
    for (let item = start; item < end; item++) if (which[item] === set) rows[at++] = item - start;
  }
  const points = whole ? data : copyRows(data, vectors.dimensions, rows);
  const found = nearestCentres(points, vectors.dimensions, task.centres, task.options);
  for (let index = 0; index < members; index++) {
    const item = start + (whole ? index : rows[index]!);
    cluster[item] = found.assignments[index]!;
    distance[item] = found.distances[index]!;
  }
}

function checkAssignRequest(vectors: VectorShards, request: AssignRequest): void {
  const { which, centres } = request;
  if (which.length !== vectors.count) {
    throw invalidArgument('streamingAssign', `which has ${which.length} entries for ${vectors.count} items`);
  }
  centres.forEach((set, index) => {
    if (set.length === 0 || set.length % vectors.dimensions !== 0) {
      throw invalidArgument(
        'streamingAssign',
        `centres[${index}] has ${set.length} floats, not a positive multiple of ${vectors.dimensions}`,
      );
    }
  });
  for (let item = 0; item < which.length; item++) {
    if (which[item] !== SKIP_ITEM && which[item]! >= centres.length) {
      throw invalidArgument(
        'streamingAssign',
        `which[${item}] = ${which[item]} names no centre set (there are ${centres.length}; 255 skips)`,
      );
    }
  }
}

/**
 * Checks an {@link AssignPass}'s answer against its request: one cluster and distance per item, each assigned
 * item's cluster within its set and its distance finite. Throws `invalid-argument` naming the first bad item.
 */
export function checkAssignResult(
  result: AssignResult,
  which: Uint8Array,
  centres: readonly Float32Array[],
  dimensions: number,
): AssignResult {
  const { cluster, distance } = result;
  if (cluster.length !== which.length || distance.length !== which.length) {
    throw invalidArgument(
      'assign pass',
      `answered ${cluster.length} clusters and ${distance.length} distances for ${which.length} items`,
    );
  }
  const sizes = centres.map((set) => set.length / dimensions);
  for (let item = 0; item < which.length; item++) {
    if (which[item] === SKIP_ITEM) continue;
    const k = sizes[which[item]!]!;
    if (!(cluster[item]! >= 0 && cluster[item]! < k) || !Number.isFinite(distance[item]!)) {
      throw invalidArgument(
        'assign pass',
        `item ${item}: cluster ${cluster[item]} (of ${k}) and distance ${distance[item]} are not an assignment`,
      );
    }
  }
  return result;
}
