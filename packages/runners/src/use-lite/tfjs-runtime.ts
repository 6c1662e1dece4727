import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BorderlineError } from '@borderline/core';
import { type GraphModelArtifacts, readModelArtifacts } from './model-files';

type Tf = typeof import('@tensorflow/tfjs-core');
type Converter = typeof import('@tensorflow/tfjs-converter');
type Wasm = typeof import('@tensorflow/tfjs-backend-wasm');

/** USE-lite's output width. */
export const USE_LITE_DIMENSIONS = 512;

/** The loaded graph model on the WebAssembly backend. */
export interface UseLiteRuntime {
  /**
   * Embeds `rows` texts of exactly `length` tokens each (`tokens` is rows x length, row-major), so no position is
   * padding. Returns rows x 512.
   */
  run(tokens: Int32Array, rows: number, length: number): Promise<Float32Array>;
}

let shared: Promise<UseLiteRuntime> | undefined;

/**
 * Loads TensorFlow.js (core, converter, WebAssembly backend with SIMD) and the graph model, once per process.
 * Everything is read from node_modules: the wasm binaries through `setWasmPaths` with the installed files, the
 * weights through an IO handler over the installed weights package. Nothing is fetched.
 */
export function loadUseLiteRuntime(modelDirectory: string): Promise<UseLiteRuntime> {
  if (shared === undefined) {
    shared = start(modelDirectory);
    // A failed start is not kept: the next call tries again.
    shared.catch(() => {
      shared = undefined;
    });
  }
  return shared;
}

async function start(modelDirectory: string): Promise<UseLiteRuntime> {
  const require = createRequire(import.meta.url);
  let tf: Tf;
  let converter: Converter;
  let wasm: Wasm;
  try {
    tf = require('@tensorflow/tfjs-core') as Tf;
    converter = require('@tensorflow/tfjs-converter') as Converter;
    wasm = require('@tensorflow/tfjs-backend-wasm') as Wasm;
  } catch (cause) {
    throw new BorderlineError({
      code: 'not-found',
      message: 'use-lite: @tensorflow/tfjs-core, -converter and -backend-wasm must be installed',
      cause,
    });
  }
  const binaries = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': join(binaries, 'tfjs-backend-wasm.wasm'),
    'tfjs-backend-wasm-simd.wasm': join(binaries, 'tfjs-backend-wasm-simd.wasm'),
    'tfjs-backend-wasm-threaded-simd.wasm': join(binaries, 'tfjs-backend-wasm-threaded-simd.wasm'),
  });
  // The threaded build starts its workers from blob URLs, which Node's worker_threads refuse: single-threaded SIMD.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tf.env().set('PROD', true);
  if (tf.getBackend() !== 'wasm' && !(await tf.setBackend('wasm'))) {
    throw new BorderlineError({
      code: 'runner',
      message: 'use-lite: the TensorFlow.js wasm backend did not start',
    });
  }
  await tf.ready();
  const artifacts: GraphModelArtifacts = readModelArtifacts(modelDirectory);
  const model = await converter.loadGraphModel({ load: async () => ({ ...artifacts }) } as never);
  const run = async (tokens: Int32Array, rows: number, length: number): Promise<Float32Array> => {
    const count = rows * length;
    const positions = new Int32Array(count * 2);
    for (let row = 0, at = 0; row < rows; row++) {
      for (let column = 0; column < length; column++, at += 2) {
        positions[at] = row;
        positions[at + 1] = column;
      }
    }
    const indices = tf.tensor2d(positions, [count, 2], 'int32');
    const values = tf.tensor1d(tokens.subarray(0, count), 'int32');
    let output: import('@tensorflow/tfjs-core').Tensor | undefined;
    try {
      output = (await model.executeAsync({ indices, values })) as import('@tensorflow/tfjs-core').Tensor;
      const data = (await output.data()) as Float32Array;
      if (data.length !== rows * USE_LITE_DIMENSIONS) {
        throw new BorderlineError({
          code: 'internal',
          message: `use-lite: the model gave ${data.length} values for ${rows} rows`,
        });
      }
      return data;
    } finally {
      indices.dispose();
      values.dispose();
      output?.dispose();
    }
  };
  return { run };
}
