import { invalidArgument } from '@borderline/core';
import type { NearestOutput } from './distance-kernel';
import { PARALLEL_MIN_WORK, runWasmJob } from './parallel-kernel';
import type { PointSet } from './point-set';
import type { KernelCalls, WasmJob } from './wasm-chunks';
import { kernelModuleBytes } from './wasm-kernel-module';
import { type WasmMemory, type WasmModule, type WasmRuntime, wasmRuntime } from './wasm-runtime';

/**
 * Register block of the WebAssembly kernel: 4 points x 2 panels of 4 centres (8 f32x4 accumulators). Measured
 * per nearest pass (100K x 100, k = 32, one thread): 4 x 1 panel 22.3 ms, 4 x 2 19.2 ms, 2 x 4 18.3 ms (but it
 * pads the 5 k-means++ trials to 16), 6 x 2 23.4 ms, 8 x 1 24 ms.
 */
const ROWS_PER_BLOCK = 4;
const PANELS_PER_BLOCK = 2;
/** Centre slots per block: centre counts are padded to a multiple of this (padding never wins). */
const SLOTS_PER_BLOCK = 4 * PANELS_PER_BLOCK;

function slotsFor(count: number): number {
  return Math.ceil(count / SLOTS_PER_BLOCK) * SLOTS_PER_BLOCK;
}
/** Shared memories above 2 GiB are not attempted; such inputs use the JavaScript kernel. */
const MAX_BYTES = 2 ** 31;
const PAGE = 65536;

const modules = new Map<number, WasmModule>();
let simd: boolean | undefined;

/** Whether this runtime can compile and instantiate the f32x4 kernel on shared memory (checked once). */
export function wasmSimdAvailable(): boolean {
  if (simd === undefined) {
    simd = false;
    try {
      const runtime = wasmRuntime();
      if (runtime === undefined) return false;
      const memory = new runtime.Memory({ initial: 1, maximum: 1, shared: true });
      new runtime.Instance(moduleFor(runtime, 16), { env: { memory } });
      simd = true;
    } catch {
      // No SIMD, no shared memory, or no WebAssembly: the JavaScript kernel is used.
    }
  }
  return simd;
}

function moduleFor(runtime: WasmRuntime, stride: number): WasmModule {
  let module = modules.get(stride);
  if (module === undefined) {
    module = new runtime.Module(
      kernelModuleBytes({ rowsPerBlock: ROWS_PER_BLOCK, panelsPerBlock: PANELS_PER_BLOCK, stride }),
    );
    modules.set(stride, module);
  }
  return module;
}

/** Byte addresses of the regions in the kernel's memory. */
interface Layout {
  readonly points: number;
  readonly pointNorms: number;
  readonly centres: number;
  readonly centreNorms: number;
  readonly assignments: number;
  readonly distances: number;
  readonly cross: number;
  /** Per-chunk centre sums (see {@link sumChunkRows}); also the row-major centres of the residual pass. */
  readonly sums: number;
  /** k-means++: each point's distance to the nearest chosen centre (f64), and trial potentials. */
  readonly closest: number;
  readonly potentials: number;
  readonly bytes: number;
}

function layout(
  count: number,
  rows: number,
  stride: number,
  centreSlots: number,
  crossColumns: number,
): Layout {
  const sumChunks = Math.max(1, Math.ceil(count / sumChunkRows(count)));
  let at = 0;
  const take = (bytes: number): number => {
    const start = at;
    at += Math.ceil(bytes / 16) * 16;
    return start;
  };
  return {
    points: take(rows * stride),
    pointNorms: take(rows * 4),
    centres: take(centreSlots * stride),
    centreNorms: take(centreSlots * 4),
    assignments: take(rows * 4),
    distances: take(rows * 8),
    cross: take(rows * crossColumns * 8),
    sums: take(sumChunks * centreSlots * stride * 2),
    closest: take(crossColumns > 0 ? rows * 8 : 0),
    potentials: take(crossColumns * 8),
    bytes: at,
  };
}

/** The points copied into a shared WebAssembly memory, with the instance that works on them. */
export interface WasmWorkspace {
  readonly count: number;
  readonly dimensions: number;
  /** Rows padded to the register block. */
  readonly rows: number;
  readonly stride: number;
  readonly maxCentres: number;
  readonly crossColumns: number;
  readonly memory: WasmMemory;
  readonly module: WasmModule;
  readonly kernel: KernelCalls;
  readonly at: Layout;
  /** Views of the nearest pass's results (valid for the workspace's life; overwritten by each pass). */
  readonly output: NearestOutput;
  readonly threads: number;
}

/**
 * Copies the points (rows zero-padded to a multiple of 4 floats) and their f32 norms into a new shared memory.
 * `maxCentres` bounds later centre counts, `crossColumns` the columns of {@link wasmCross}. Returns undefined
 * when the runtime lacks WebAssembly SIMD, or the memory would pass 2 GiB or cannot be allocated.
 */
export function createWasmWorkspace(
  set: PointSet,
  maxCentres: number,
  crossColumns: number,
  threads: number,
): WasmWorkspace | undefined {
  const runtime = wasmRuntime();
  if (runtime === undefined || !wasmSimdAvailable()) return undefined;
  const { count, dimensions } = set;
  const stride = Math.ceil(dimensions / 4) * 16;
  const rows = Math.max(ROWS_PER_BLOCK, Math.ceil(count / ROWS_PER_BLOCK) * ROWS_PER_BLOCK);
  const columns = slotsFor(crossColumns);
  const at = layout(count, rows, stride, slotsFor(Math.max(maxCentres, 1)), columns);
  if (at.bytes > MAX_BYTES) return undefined;
  const pages = Math.max(1, Math.ceil(at.bytes / PAGE));
  let memory: WasmMemory;
  try {
    memory = new runtime.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    // The runtime could not reserve the memory: the JavaScript kernel needs no copy of the points.
    return undefined;
  }
  const module = moduleFor(runtime, stride);
  const instance = new runtime.Instance(module, { env: { memory } });
  const buffer = memory.buffer;
  copyPoints(set, new Float32Array(buffer, at.points, (rows * stride) / 4), stride / 4);
  const output = {
    assignments: new Int32Array(buffer, at.assignments, count),
    distances: new Float64Array(buffer, at.distances, count),
  };
  const kernel = instance.exports as unknown as KernelCalls;
  const space = {
    ...{ count, dimensions, rows, stride, maxCentres, crossColumns: columns },
    ...{ memory, module, kernel, at, output, threads },
  };
  run(space, 'norms', [at.points, at.pointNorms], 1);
  return space;
}

function copyPoints(set: PointSet, target: Float32Array, width: number): void {
  const { points, count, dimensions } = set;
  if (width === dimensions) {
    target.set(points);
    return;
  }
  for (let row = 0; row < count; row++) {
    target.set(points.subarray(row * dimensions, (row + 1) * dimensions), row * width);
  }
}

/**
 * Writes `count` centres (row-major, from `source` at rows `rows`, or all rows in order) as dimension-major
 * panels of 4; unused slots are zero with norm +Infinity, so they never win. Returns the slot count.
 */
function loadCentres(space: WasmWorkspace, source: Float32Array, rows: ArrayLike<number>): number {
  const { dimensions, stride, at } = space;
  const slots = slotsFor(rows.length);
  const panels = new Float32Array(space.memory.buffer, at.centres, (slots * stride) / 4);
  const norms = new Float32Array(space.memory.buffer, at.centreNorms, slots);
  panels.fill(0);
  norms.fill(Number.POSITIVE_INFINITY);
  const panelSize = stride;
  for (let index = 0; index < rows.length; index++) {
    const offset = rows[index]! * dimensions;
    const base = (index >> 2) * panelSize + (index & 3);
    // A sequential f32 sum, the order of the kernel's dot products and `norms` (so self-distances are 0).
    let sum = 0;
    for (let j = 0; j < dimensions; j++) {
      const value = source[offset + j]!;
      panels[base + 4 * j] = value;
      sum = Math.fround(sum + Math.fround(value * value));
    }
    norms[index] = sum;
  }
  return slots;
}

function run(space: WasmWorkspace, fn: WasmJob['fn'], args: number[], centres: number): void {
  if (space.count === 0 || centres === 0) return;
  const work = space.count * centres * space.dimensions;
  const threads = work >= PARALLEL_MIN_WORK ? space.threads : 1;
  const job = { module: space.module, memory: space.memory, fn, start: 0, end: space.rows, args };
  runWasmJob(space.kernel, job, ROWS_PER_BLOCK, threads);
}

/** Nearest of the first `count` centres (row-major) for every point, into `space.output`; returns the sum. */
export function wasmAssign(space: WasmWorkspace, centres: Float32Array, count: number): number {
  const slots = loadCentres(space, centres, identity(count));
  const { at } = space;
  const args = [at.points, at.centres, slots, at.centreNorms, at.pointNorms, at.assignments, at.distances];
  run(space, 'nearest', args, slots);
  let sum = 0;
  const distances = space.output.distances;
  for (let row = 0; row < space.count; row++) sum += distances[row]!;
  return sum;
}

/** Squared distances of every point to the given point rows: a view, `columns` values per point. */
export function wasmCross(space: WasmWorkspace, source: Float32Array, rows: Int32Array) {
  const slots = loadCentres(space, source, rows);
  const { at } = space;
  const args = [at.points, at.centres, slots, at.centreNorms, at.pointNorms, at.cross];
  run(space, 'cross', args, slots);
  const values = new Float64Array(space.memory.buffer, at.cross, space.count * slots);
  return { values, columns: slots };
}

/**
 * Squared distances of the first `rows` rows of `points` (row-major, unpadded) to `count` centres (row-major),
 * on the calling thread, for small sets: the points are copied into the workspace's point region (which must
 * hold `rows` rows; row padding stays zero) and their norms recomputed. A view, `columns` values per row, valid
 * until the next pass.
 */
export function wasmCrossBetween(
  space: WasmWorkspace,
  points: Float32Array,
  rows: number,
  centres: Float32Array,
  count: number,
): { readonly values: Float64Array; readonly columns: number } {
  const { at, dimensions, stride } = space;
  const width = stride / 4;
  const target = new Float32Array(space.memory.buffer, at.points, space.rows * width);
  if (width === dimensions) target.set(points.subarray(0, rows * dimensions));
  else {
    for (let row = 0; row < rows; row++)
      target.set(points.subarray(row * dimensions, (row + 1) * dimensions), row * width);
  }
  const slots = loadCentres(space, centres, identity(count));
  // Whole register blocks: rows past `rows` hold an earlier call's points, and their results are not read.
  const blocks = Math.ceil(rows / ROWS_PER_BLOCK) * ROWS_PER_BLOCK;
  if (rows > 0) {
    space.kernel.norms(0, blocks, at.points, at.pointNorms);
    space.kernel.cross(0, blocks, at.points, at.centres, slots, at.centreNorms, at.pointNorms, at.cross);
  }
  return { values: new Float64Array(space.memory.buffer, at.cross, rows * slots), columns: slots };
}

/**
 * Loads the first `count` rows of `points` (row-major, unpadded; at most the workspace's `count`) into the
 * workspace's point region and computes their norms, and returns a workspace over just those rows on the same
 * memory (its output views cover them). Passes over many blocks of points then reuse one memory instead of
 * making one per block. The returned workspace is valid until the next reload.
 */
export function reloadPoints(space: WasmWorkspace, points: Float32Array, count: number): WasmWorkspace {
  if (count > space.count) {
    throw invalidArgument('reloadPoints', `${count} rows for a workspace of ${space.count}`);
  }
  const { at, dimensions, stride } = space;
  const width = stride / 4;
  const rows = Math.max(ROWS_PER_BLOCK, Math.ceil(count / ROWS_PER_BLOCK) * ROWS_PER_BLOCK);
  const target = new Float32Array(space.memory.buffer, at.points, rows * width);
  // Rows past `count` up to the register block are zero, as in a fresh workspace.
  target.fill(0, count * width);
  if (width === dimensions) target.set(points.subarray(0, count * dimensions));
  else {
    for (let row = 0; row < count; row++)
      target.set(points.subarray(row * dimensions, (row + 1) * dimensions), row * width);
  }
  const view = {
    ...space,
    count,
    rows,
    output: {
      assignments: new Int32Array(space.memory.buffer, at.assignments, count),
      distances: new Float64Array(space.memory.buffer, at.distances, count),
    },
  };
  run(view, 'norms', [at.points, at.pointNorms], 1);
  return view;
}

function identity(count: number): Int32Array {
  const rows = new Int32Array(count);
  for (let index = 0; index < count; index++) rows[index] = index;
  return rows;
}

/**
 * Rows per chunk of the centre sums: a function of the row count only (never of the thread count), so adding
 * the per-chunk partial sums in chunk order gives the same result on any number of threads. At most 8 chunks
 * bounds the partials' memory.
 */
export function sumChunkRows(rows: number): number {
  return Math.max(8192, Math.ceil(rows / 8));
}

/**
 * Per-cluster sums of the points (assigned as in `space.output`) for the first `count` clusters, into `sums`
 * (count x dimensions): f64 sums per chunk of {@link sumChunkRows} rows in row order, added in chunk order,
 * exactly as the JavaScript kernel does.
 */
export function wasmSumMembers(space: WasmWorkspace, count: number, sums: Float64Array): void {
  const { at, dimensions, stride } = space;
  const width = stride / 8;
  const chunkRows = sumChunkRows(space.count);
  const chunks = Math.ceil(space.count / chunkRows);
  const partialBytes = count * stride * 2;
  const partials = new Float64Array(space.memory.buffer, at.sums, (chunks * partialBytes) / 8);
  partials.fill(0);
  sums.fill(0, 0, count * dimensions);
  if (space.count === 0) return;
  const args = [at.points, at.assignments, at.sums, chunkRows, partialBytes];
  const job = {
    module: space.module,
    memory: space.memory,
    fn: 'accumulate' as const,
    start: 0,
    end: space.count,
    args,
  };
  const threads = space.count * dimensions >= PARALLEL_MIN_WORK / 8 ? space.threads : 1;
  runWasmJob(space.kernel, job, 1, threads, chunkRows);
  for (let chunk = 0; chunk < chunks; chunk++) {
    const base = (chunk * partialBytes) / 8;
    for (let cluster = 0; cluster < count; cluster++) {
      const from = base + cluster * width * 2;
      const to = cluster * dimensions;
      for (let j = 0; j < dimensions; j++) sums[to + j]! += partials[from + j]!;
    }
  }
}

/**
 * Replaces `space.output.distances` by the exact squared distance of each point to its assigned centre (of the
 * first `count` rows of `centres`) and returns their sum in row order. The centres go row-major into the sums
 * region, which is free between updates.
 */
export function wasmResiduals(space: WasmWorkspace, centres: Float32Array, count: number): number {
  const { at, dimensions, stride } = space;
  const width = stride / 4;
  const rows = new Float32Array(space.memory.buffer, at.sums, count * width);
  rows.fill(0);
  for (let cluster = 0; cluster < count; cluster++) {
    rows.set(centres.subarray(cluster * dimensions, (cluster + 1) * dimensions), cluster * width);
  }
  if (space.count > 0)
    space.kernel.residual(0, space.count, at.points, at.assignments, at.sums, at.distances);
  let sum = 0;
  const distances = space.output.distances;
  for (let row = 0; row < space.count; row++) sum += distances[row]!;
  return sum;
}

/**
 * For each of the first `trials` columns of the last {@link wasmCross}: the sum over points of
 * min(distance, closest[point]), in point order (the k-means++ potential were that trial adopted).
 */
export function wasmPotentials(
  space: WasmWorkspace,
  closest: Float64Array,
  trials: number,
  out: Float64Array,
): void {
  const { at, count, memory } = space;
  const columns = slotsFor(trials);
  new Float64Array(memory.buffer, at.closest, count).set(closest);
  const sums = new Float64Array(memory.buffer, at.potentials, columns);
  for (let first = 0; first < columns; first += 4) {
    if (count > 0)
      space.kernel.potentials(0, count, at.cross, columns, first, at.closest, at.potentials + first * 8);
    else sums.fill(0, first, first + 4);
  }
  out.set(sums.subarray(0, trials));
}
