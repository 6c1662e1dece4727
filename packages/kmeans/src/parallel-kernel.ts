import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BorderlineError } from '@borderline/core';
import {
  assignNearest,
  crossDistances,
  KERNEL_FUNCTIONS,
  type NearestOutput,
  type NearestTask,
  runChunks,
} from './distance-kernel';
import { type KernelCalls, runWasmChunks, WASM_WORKER_FUNCTIONS, type WasmJob } from './wasm-chunks';

/**
 * Row-parallel distance passes on worker threads. The calling thread works through row chunks alongside the
 * workers, then blocks (Atomics.wait) until chunks the workers claimed are done, so the API stays synchronous. Workers are created once per
 * process, unref'd (they never keep it alive), and run the kernel's own source text (see KERNEL_FUNCTIONS).
 */

/** Passes at least this large (rows x centres x dimensions) are worth the hand-off. */
export const PARALLEL_MIN_WORK = 20_000_000;
const TIMEOUT_MS = 300_000;

let pool: Worker[] | undefined;
let poolBroken = false;

/** Threads to use by default: the cores Node reports, at most 4. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

function workerSource(): string {
  const functions = [...KERNEL_FUNCTIONS, ...WASM_WORKER_FUNCTIONS].map(String).join('\n');
  return `${functions}
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (message) => message.kind === 'wasm'
  ? runWasmMessage(message)
  : runChunks(message.kind, message.task, message.output, message.state, message.chunk));`;
}

function workers(count: number): Worker[] {
  pool ??= [];
  while (pool.length < count) {
    const worker = new Worker(workerSource(), { eval: true });
    worker.unref();
    worker.on('error', () => {
      poolBroken = true;
    });
    pool.push(worker);
  }
  return pool.slice(0, count);
}

/** A typed array of the same kind on shared memory (a copy), so workers read it without copying. */
export function shared<T extends Float32Array | Float64Array | Int32Array>(values: T): T {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  const Kind = values.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Kind(new SharedArrayBuffer(values.byteLength));
  out.set(values as never);
  return out;
}

type Kind = 'nearest' | 'cross';

/**
 * Runs one pass over rows [task.start, task.end) on `threads` threads. Every array in `task` and `output` must be
 * on shared memory (see {@link shared}) when threads > 1. Falls back to one thread when the pool is broken.
 */
function runParallel(
  kind: Kind,
  task: NearestTask,
  output: NearestOutput | Float64Array,
  threads: number,
): void {
  const outputs = output instanceof Float64Array ? [output] : [output.assignments, output.distances];
  const inputs = [task.points, task.pointNorms, task.centres, task.centreNorms];
  if (![...outputs, ...inputs].every((values) => values.buffer instanceof SharedArrayBuffer)) {
    throw new BorderlineError({
      code: 'internal',
      message: `kmeans/parallel-kernel: a parallel pass needs every array on shared memory (${[...outputs, ...inputs].map((v) => v.buffer instanceof SharedArrayBuffer)})`,
    });
  }
  const rows = task.end - task.start;
  const chunk = Math.max(256, Math.ceil(rows / (threads * 16)));
  shareChunks(kind, Math.ceil(rows / chunk), threads, (state, helpers) => {
    for (const worker of helpers) worker.postMessage({ kind, task, output, state, chunk });
    runChunks(kind, task, output, state, chunk);
  });
}

/**
 * Runs one pass's chunks on the calling thread and up to threads - 1 workers (`start` posts the job and works
 * here), then waits only for chunks a worker claimed and has not finished; an idle worker costs nothing.
 */
function shareChunks(
  label: string,
  total: number,
  threads: number,
  start: (state: Int32Array, helpers: readonly Worker[]) => void,
): void {
  const helpers = poolBroken ? [] : workers(threads - 1);
  const state = new Int32Array(new SharedArrayBuffer(12));
  start(state, helpers);
  for (let done = Atomics.load(state, 1); done < total; done = Atomics.load(state, 1)) {
    if (Atomics.wait(state, 1, done, TIMEOUT_MS) === 'timed-out') {
      poolBroken = true;
      throw new BorderlineError({
        code: 'internal',
        message: `kmeans/parallel-kernel: a ${label} pass timed out after ${TIMEOUT_MS} ms`,
      });
    }
  }
  if (Atomics.load(state, 2) !== 0) {
    throw new BorderlineError({
      code: 'internal',
      message: `kmeans/parallel-kernel: a ${label} pass failed on a thread`,
    });
  }
}

/**
 * One WebAssembly kernel pass over rows [job.start, job.end) in chunks of `block`-aligned rows, on `threads`
 * threads (each worker instantiates the posted module on the posted shared memory). `kernel` is the calling
 * thread's own instance. Small passes and threads = 1 run here, still in chunks, so the engine's optimising tier
 * (which replaces a function between calls) takes over early in a long pass. `fixedChunk` sets the chunk size
 * (for passes whose results are per chunk).
 */
export function runWasmJob(
  kernel: KernelCalls,
  job: WasmJob,
  block: number,
  threads: number,
  fixedChunk?: number,
): void {
  const rows = job.end - job.start;
  const parallel = threads > 1 && !poolBroken;
  const perThread = parallel ? threads * 16 : 8;
  const chunk = fixedChunk ?? Math.max(256, Math.ceil(rows / perThread / block) * block);
  const total = Math.ceil(rows / chunk);
  if (!parallel) {
    const state = new Int32Array(3);
    runWasmChunks(kernel, job, state, chunk);
    if (state[2] !== 0) {
      throw new BorderlineError({
        code: 'internal',
        message: `kmeans/parallel-kernel: a wasm ${job.fn} pass failed`,
      });
    }
    return;
  }
  shareChunks(`wasm ${job.fn}`, total, threads, (state, helpers) => {
    for (const worker of helpers) worker.postMessage({ kind: 'wasm', job, state, chunk });
    runWasmChunks(kernel, job, state, chunk);
  });
}

/** Nearest centre for every row on `threads` threads; returns the summed distance in row order (deterministic). */
export function parallelAssign(task: NearestTask, output: NearestOutput, threads: number): number {
  const work = (task.end - task.start) * task.centreCount * task.dimensions;
  if (threads <= 1 || work < PARALLEL_MIN_WORK) return assignNearest(task, output);
  runParallel('nearest', task, output, threads);
  let sum = 0;
  for (let row = task.start; row < task.end; row++) sum += output.distances[row]!;
  return sum;
}

/** All row-to-centre squared distances on `threads` threads (see crossDistances). */
export function parallelCross(task: NearestTask, output: Float64Array, threads: number): void {
  const work = (task.end - task.start) * task.centreCount * task.dimensions;
  if (threads <= 1 || work < PARALLEL_MIN_WORK) crossDistances(task, output);
  else runParallel('cross', task, output, threads);
}
