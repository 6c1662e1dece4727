/**
 * Row-chunk work sharing for the WebAssembly kernel, self-contained (no imports, no closures) so the same source
 * text runs in the worker threads whatever way this package is loaded (see WASM_WORKER_FUNCTIONS).
 */

import type { WasmMemory, WasmModule, WasmRuntime } from './wasm-runtime';

/** One kernel pass: the function, its rows and its trailing arguments (byte addresses in `memory`). */
export interface WasmJob {
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  readonly fn: 'nearest' | 'cross' | 'norms' | 'accumulate';
  readonly start: number;
  readonly end: number;
  readonly args: readonly number[];
}

/** The kernel's exported functions, as this runner calls them. */
export type KernelCalls = Record<
  WasmJob['fn'] | 'residual' | 'potentials',
  (start: number, end: number, ...args: number[]) => void
>;

/**
 * Claims `chunk` rows at a time from `state[0]` until none are left (see runChunks in distance-kernel.ts for the
 * protocol: `state[1]` counts finished chunks, `state[2]` flags a failure).
 */
export function runWasmChunks(kernel: KernelCalls, job: WasmJob, state: Int32Array, chunk: number): void {
  const run = kernel[job.fn];
  for (;;) {
    const start = job.start + Atomics.add(state, 0, chunk);
    if (start >= job.end) return;
    try {
      run(start, Math.min(job.end, start + chunk), ...job.args);
    } catch {
      Atomics.store(state, 2, 1);
    }
    Atomics.add(state, 1, 1);
    Atomics.notify(state, 1);
  }
}

/**
 * A worker's side of one pass: instantiate the posted module on the posted shared memory and join in. When
 * instantiation fails the worker claims nothing, so the calling thread simply does every chunk itself.
 */
export function runWasmMessage(message: { job: WasmJob; state: Int32Array; chunk: number }): void {
  let kernel: KernelCalls;
  try {
    const { Instance } = (globalThis as unknown as { WebAssembly: WasmRuntime }).WebAssembly;
    const instance = new Instance(message.job.module, { env: { memory: message.job.memory } });
    kernel = instance.exports as unknown as KernelCalls;
  } catch {
    return;
  }
  runWasmChunks(kernel, message.job, message.state, message.chunk);
}

/** The functions above, for the worker's source text. */
export const WASM_WORKER_FUNCTIONS: readonly ((...args: never[]) => unknown)[] = [
  runWasmChunks,
  runWasmMessage,
];
