import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BorderlineError } from '@borderline/core';
import { sharedUnlessRejected } from '../once-unless-rejected';
import { readModelArtifacts } from './model-files';
import { WORKER_SOURCE } from './tfjs-worker-source';

/** USE-lite's output width. */
export const USE_LITE_DIMENSIONS = 512;

/** The graph model on the WebAssembly backend, in `threads` worker threads. */
export interface UseLiteRuntime {
  readonly threads: number;
  /**
   * Embeds `rows` texts of exactly `length` tokens each (`tokens` is rows x length, row-major, and is transferred),
   * so no position is padding. Returns rows x 512. Calls beyond `threads` wait for a free thread.
   */
  run(tokens: Int32Array, rows: number, length: number): Promise<Float32Array>;
}

/** Threads used unless told otherwise: every core, at most 4 (each holds its own copy of the 26 MB of weights). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

const runtimes = new Map<string, Promise<UseLiteRuntime>>();

/**
 * Starts TensorFlow.js (core, converter, WebAssembly SIMD backend) with the graph model in `threads` worker
 * threads, once per process and thread count. TensorFlow.js's own threaded build cannot start its workers under
 * Node (it hands them blob URLs), so the parallelism is one single-threaded engine per worker, each given whole
 * forward passes. Everything comes from node_modules: the wasm binaries through `setWasmPaths` with the installed
 * files, the weights read here from the installed weights package and sent to each thread. Nothing is fetched.
 */
export function loadUseLiteRuntime(modelDirectory: string, threads: number): Promise<UseLiteRuntime> {
  const key = `${modelDirectory}\u0000${threads}`;
  // A failed start is not kept: the next call tries again.
  return sharedUnlessRejected(runtimes, key, () =>
    start(modelDirectory, threads, () => runtimes.delete(key)),
  );
}

interface Job {
  readonly tokens: Int32Array;
  readonly rows: number;
  readonly length: number;
  readonly resolve: (vectors: Float32Array) => void;
  readonly reject: (error: unknown) => void;
}

interface Thread {
  readonly worker: Worker;
  job: Job | undefined;
}

function workerData(modelDirectory: string) {
  const require = createRequire(import.meta.url);
  let paths: { core: string; converter: string; wasm: string };
  try {
    paths = {
      core: require.resolve('@tensorflow/tfjs-core'),
      converter: require.resolve('@tensorflow/tfjs-converter'),
      wasm: require.resolve('@tensorflow/tfjs-backend-wasm'),
    };
  } catch (cause) {
    throw new BorderlineError({
      code: 'not-found',
      message: 'use-lite: @tensorflow/tfjs-core, -converter and -backend-wasm must be installed',
      cause,
    });
  }
  const binaries = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  return {
    ...paths,
    binaries: {
      'tfjs-backend-wasm.wasm': join(binaries, 'tfjs-backend-wasm.wasm'),
      'tfjs-backend-wasm-simd.wasm': join(binaries, 'tfjs-backend-wasm-simd.wasm'),
      'tfjs-backend-wasm-threaded-simd.wasm': join(binaries, 'tfjs-backend-wasm-threaded-simd.wasm'),
    },
    artifacts: readModelArtifacts(modelDirectory),
    dimensions: USE_LITE_DIMENSIONS,
  };
}

/** The threads of one runtime and the jobs waiting for one of them. */
interface Pool {
  readonly queue: Job[];
  readonly threads: Thread[];
  /** Called once no thread is left. */
  readonly onDead: () => void;
}

interface WorkerMessage {
  readonly ready?: boolean;
  readonly error?: string;
  readonly vectors?: Float32Array;
}

function failure(message: string, cause?: unknown): BorderlineError {
  return new BorderlineError({ code: 'runner', message: `use-lite: ${message}`, cause });
}

async function start(modelDirectory: string, count: number, onDead: () => void): Promise<UseLiteRuntime> {
  // Copied into each thread; not kept here once they have started.
  let data: ReturnType<typeof workerData> | undefined = workerData(modelDirectory);
  const pool: Pool = { queue: [], threads: [], onDead };
  const ready = Array.from({ length: count }, () => spawnThread(pool, data!));
  try {
    await Promise.all(ready);
  } catch (error) {
    await Promise.all(pool.threads.map((thread) => thread.worker.terminate()));
    throw error;
  }
  data = undefined;
  for (const thread of pool.threads) thread.worker.unref();
  return {
    threads: count,
    run: (tokens, rows, length) =>
      new Promise<Float32Array>((resolve, reject) => {
        pool.queue.push({ tokens, rows, length, resolve, reject });
        dispatch(pool);
      }),
  };
}

/** Hands waiting jobs to idle threads, in order. */
function dispatch(pool: Pool): void {
  for (const thread of pool.threads) {
    if (thread.job !== undefined || pool.queue.length === 0) continue;
    const job = pool.queue.shift()!;
    thread.job = job;
    const positions = tokenPositions(job.rows, job.length);
    // Referenced while it works, so the process waits for the answer; unreferenced when idle.
    thread.worker.ref();
    thread.worker.postMessage({ id: 0, positions, tokens: job.tokens, rows: job.rows }, [
      positions.buffer,
      job.tokens.buffer as ArrayBuffer,
    ]);
  }
}

/** The (row, column) index pair of every token of a rows x length batch, flattened. */
function tokenPositions(rows: number, length: number): Int32Array<ArrayBuffer> {
  const positions = new Int32Array(rows * length * 2);
  for (let row = 0, at = 0; row < rows; row++) {
    for (let column = 0; column < length; column++, at += 2) {
      positions[at] = row;
      positions[at + 1] = column;
    }
  }
  return positions;
}

/** Starts one inference thread in the pool; resolves once it reports ready, rejects if it fails to start. */
function spawnThread(pool: Pool, data: ReturnType<typeof workerData>): Promise<void> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data });
  const thread: Thread = { worker, job: undefined };
  pool.threads.push(thread);
  return new Promise<void>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.ready !== undefined) {
        if (message.ready) resolve();
        else reject(failure(`the inference thread did not start: ${message.error}`));
        return;
      }
      finishJob(pool, thread, message);
    });
    worker.on('error', (error) => {
      const failed = failure('the inference thread failed', error);
      reject(failed);
      dropThread(pool, thread, failed);
    });
  });
}

/** Settles the thread's job with its answer, frees the thread and dispatches the next job. */
function finishJob(pool: Pool, thread: Thread, message: WorkerMessage): void {
  const job = thread.job;
  thread.job = undefined;
  thread.worker.unref();
  if (message.error !== undefined) job?.reject(failure(`a forward pass failed: ${message.error}`));
  else job?.resolve(message.vectors!);
  dispatch(pool);
}

/** Fails the thread's job and removes the thread; with none left, fails what waits and marks the runtime dead. */
function dropThread(pool: Pool, thread: Thread, failed: BorderlineError): void {
  thread.job?.reject(failed);
  thread.job = undefined;
  pool.threads.splice(pool.threads.indexOf(thread), 1);
  if (pool.threads.length === 0) {
    // No thread left: fail what waits, and let the next call start a new runtime.
    pool.onDead();
    for (const job of pool.queue.splice(0)) job.reject(failed);
  }
}
