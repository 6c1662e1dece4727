import { bench, describe } from 'vitest';
import { blobPool } from '../src/__fixtures__/worlds';
import { createPolicy } from '../src/create-policy';
import type { PairScoring } from '../src/pair-doubt';

// What `pairScoring: 'doubt'` costs on the replay's fast path (sampled sides, f32x4 pair search): one batch of
// 200 from 100K x 100, by distance and by doubt. The first-batch rule reads no vectors (one sort of the scores).
const once = { iterations: 3, warmupIterations: 1, time: 0, warmupTime: 0 };
const timings: string[] = [];
const input = blobPool(100_000, 100, 'pair-scoring-bench', 200);

for (const pairScoring of ['distance', 'doubt'] as PairScoring[]) {
  describe(`boundary pairs, pairScoring ${pairScoring}, 100K x 100`, () => {
    const policy = createPolicy('boundary-pairs', {
      clusterSample: 8192,
      pairSearchKernel: 'auto',
      pairScoring,
    });
    bench(
      pairScoring,
      async () => {
        const start = performance.now();
        await policy(input);
        timings.push(`${pairScoring}: ${((performance.now() - start) / 1000).toFixed(2)} s`);
      },
      once,
    );
  });
}

describe('report', () => {
  bench(
    'pair-scoring timings (printed)',
    () => {
      if (timings.length > 0) console.log(timings.splice(0).join('\n'));
    },
    { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 },
  );
});
