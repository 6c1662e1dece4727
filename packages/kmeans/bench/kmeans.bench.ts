import { bench, describe } from 'vitest';
import { blobPoints } from '../src/__fixtures__/blobs';
import { kmeans } from '../src/kmeans';
import { miniBatchKMeans } from '../src/mini-batch-kmeans';
import { sklearnTiming } from './sklearn-reference';

const n = 100_000;
const dimensions = 100;
const k = 32;
// Overlapping blobs (centre scale 0.5 against unit noise): neither implementation converges before 20 iterations.
const points = blobPoints(n, dimensions, 'kmeans-bench', 0.5);
const seconds: number[] = [];
const initSeconds: number[] = [];
const once = { iterations: 3, warmupIterations: 0, time: 0, warmupTime: 0 };

describe(`k-means ${n} x ${dimensions}, k = ${k}, 20 iterations (tol 0)`, () => {
  bench(
    'kmeans (Lloyd, greedy k-means++, f32x4 WebAssembly SIMD kernel, worker threads)',
    () => {
      const seed = seconds.length;
      let start = performance.now();
      kmeans(points, dimensions, { k, maxIterations: 0, tolerance: 0, seed });
      initSeconds.push((performance.now() - start) / 1000);
      start = performance.now();
      kmeans(points, dimensions, { k, maxIterations: 20, tolerance: 0, seed });
      seconds.push((performance.now() - start) / 1000);
    },
    once,
  );
  bench(
    'kmeans, JavaScript kernel (the fallback without WebAssembly SIMD)',
    () => {
      kmeans(points, dimensions, { k, maxIterations: 20, tolerance: 0, seed: 1, kernel: 'js' });
    },
    once,
  );
  bench(
    'miniBatchKMeans (batch 2048, 60 steps, then one full pass)',
    () => {
      miniBatchKMeans(points, dimensions, { k, batchSize: 2048, maxIterations: 60, seed: 1 });
    },
    once,
  );

  // Hooks do not run in bench mode: the report is the last bench, once.
  let reported = false;
  bench(
    'ratio to scikit-learn (printed; runs the reference once)',
    () => {
      if (reported) return;
      reported = true;
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
      const ours = median(seconds);
      const init = median(initSeconds);
      const reference = sklearnTiming(points, n, dimensions, k);
      const ratio = ours / reference.seconds;
      // Figures that are not ops/sec are printed, as the bench convention allows.
      console.log(
        `k-means ${n}x${dimensions} k=${k} 20 it: borderline ${ours.toFixed(2)} s (median of ${seconds.length}; ` +
          `init + first pass ${init.toFixed(2)} s, ~${((1000 * (ours - init)) / 20).toFixed(0)} ms per round), ` +
          `scikit-learn ${reference.seconds.toFixed(2)} s [${reference.source}], ratio ${ratio.toFixed(2)}x`,
      );
    },
    once,
  );
});
