import { invalidArgument, shardRows, type VectorShards } from '@borderline/core';
import { type CentreAssigner, copyRows, createCentreAssigner, type KernelChoice } from '@borderline/kmeans';
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
 * item to assign are not read) and assigns each set's rows of the shard exactly as kmeans' `nearestCentres` does,
 * on one reused WebAssembly memory (kmeans' `createCentreAssigner`).
 */
export function streamingAssign(vectors: VectorShards, options: StreamingAssignOptions = {}): AssignPass {
  return async (request) => {
    checkAssignRequest(vectors, request);
    const { which, centres } = request;
    const { dimensions } = vectors;
    const cluster = new Int32Array(vectors.count).fill(-1);
    const distance = new Float64Array(vectors.count).fill(Number.NaN);
    const maxCentres = Math.max(...centres.map((set) => set.length / dimensions));
    // One reused memory for every shard: a fresh one per call would pile up until the runtime collects it.
    const assigner = createCentreAssigner(dimensions, { ...options, maxCentres });
    for (let shard = 0; shard < vectors.starts.length; shard++) {
      const start = vectors.starts[shard]!;
      const end = start + shardRows(vectors, shard);
      const shardWhich = which.subarray(start, end);
      if (shardWhich.every((set) => set === SKIP_ITEM)) continue;
      const data = await readShardChecked(vectors, shard, 'streamingAssign', request.signal);
      const into = { cluster: cluster.subarray(start, end), distance: distance.subarray(start, end) };
      assignRows(data, dimensions, { which: shardWhich, centres, assigner }, into);
    }
    return { cluster, distance };
  };
}

/**
 * One shard's part of an {@link AssignPass}: its rows (`data`, row-major), their entries of `which` and the
 * centre sets give each row's cluster and exact squared distance (skipped rows -1 and NaN). A job that runs the
 * pass shard by shard calls this; `streamingAssign` does too. Pass an `assigner` (kmeans' `createCentreAssigner`)
 * to reuse one memory over many shards.
 */
export function assignShard(
  data: Float32Array,
  dimensions: number,
  request: { readonly which: Uint8Array; readonly centres: readonly Float32Array[] },
  assigner?: CentreAssigner,
): AssignResult {
  const rows = request.which.length;
  if (data.length !== rows * dimensions) {
    throw invalidArgument('assignShard', `${data.length} floats for ${rows} rows of ${dimensions}`);
  }
  const maxCentres = Math.max(1, ...request.centres.map((set) => set.length / dimensions));
  const into = { cluster: new Int32Array(rows).fill(-1), distance: new Float64Array(rows).fill(Number.NaN) };
  const own = assigner ?? createCentreAssigner(dimensions, { maxCentres });
  assignRows(data, dimensions, { ...request, assigner: own }, into);
  return into;
}

interface RowsTask {
  readonly which: Uint8Array;
  readonly centres: readonly Float32Array[];
  readonly assigner: CentreAssigner;
}

/** Assigns each set's rows of one shard into `into` (the shard's slices of the pass's result). */
function assignRows(data: Float32Array, dimensions: number, task: RowsTask, into: AssignResult): void {
  const { which } = task;
  const members = new Int32Array(task.centres.length);
  for (let row = 0; row < which.length; row++) if (which[row] !== SKIP_ITEM) members[which[row]!]!++;
  task.centres.forEach((centres, set) => {
    const count = members[set]!;
    if (count === 0) return;
    const whole = count === which.length;
    const rows = new Int32Array(whole ? 0 : count);
    if (!whole) {
      let at = 0;
      for (let row = 0; row < which.length; row++) if (which[row] === set) rows[at++] = row;
    }
    const found = task.assigner.assign(whole ? data : copyRows(data, dimensions, rows), centres);
    for (let index = 0; index < count; index++) {
      const row = whole ? index : rows[index]!;
      into.cluster[row] = found.assignments[index]!;
      into.distance[row] = found.distances[index]!;
    }
  });
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
