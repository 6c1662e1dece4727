/**
 * The code each inference thread runs, plain CommonJS (a worker started with `eval: true` runs it as given, so it
 * needs no build step in any layout of the package). It loads TensorFlow.js from the absolute paths it is handed,
 * starts the single-threaded WebAssembly SIMD backend on the installed binaries, builds the graph model from the
 * artifacts it is sent (no file or network access of its own), then answers `{ id, positions, tokens, rows }` with
 * `{ id, vectors }`: rows x 512 Float32, the buffer transferred.
 */
export const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const tf = require(workerData.core);
const converter = require(workerData.converter);
const wasm = require(workerData.wasm);
const describe = (error) => String((error && error.stack) || error);
wasm.setWasmPaths(workerData.binaries);
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
tf.env().set('PROD', true);
(async () => {
  if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js wasm backend did not start');
  await tf.ready();
  const artifacts = workerData.artifacts;
  const model = await converter.loadGraphModel({ load: async () => artifacts });
  parentPort.on('message', async ({ id, positions, tokens, rows }) => {
    let indices;
    let values;
    let output;
    try {
      indices = tf.tensor2d(positions, [tokens.length, 2], 'int32');
      values = tf.tensor1d(tokens, 'int32');
      output = await model.executeAsync({ indices, values });
      const vectors = Float32Array.from(await output.data());
      if (vectors.length !== rows * workerData.dimensions) throw new Error('the model gave ' + vectors.length + ' values for ' + rows + ' rows');
      parentPort.postMessage({ id, vectors }, [vectors.buffer]);
    } catch (error) {
      parentPort.postMessage({ id, error: describe(error) });
    } finally {
      if (indices) indices.dispose();
      if (values) values.dispose();
      if (output) output.dispose();
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((error) => parentPort.postMessage({ ready: false, error: describe(error) }));
`;
