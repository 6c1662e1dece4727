import { bench, describe } from 'vitest';
import { selectBoundaryPairs } from '../src/select-boundary-pairs';
import { selectBoundaryPairsStreaming } from '../src/select-boundary-pairs-streaming';
import { syntheticLabels, syntheticShards } from './synthetic-shards';

const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };
const lines: string[] = [];
const seconds = (since: number): string => ((performance.now() - since) / 1000).toFixed(2);
const peakMegabytes = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** One streaming selection of 200 from a generated pool of `count` x 100 in shards of 100,000; phases timed. */
async function streamed(count: number, pairSearchKernel: 'js' | 'auto' = 'js'): Promise<void> {
  const vectors = syntheticShards(count, 100, 100_000, 'stream-bench');
  let start = performance.now();
  const predicted = await syntheticLabels(vectors, 'stream-bench');
  const label = `${count / 1e6}M x 100, ${vectors.starts.length} shards, pair search '${pairSearchKernel}'`;
  lines.push(`${label}: generate + label pass ${seconds(start)} s`);
  const phases: string[] = [];
  start = performance.now();
  let phaseStart = start;
  let generated = vectors.generation.seconds;
  const generatedAtStart = generated;
  const selection = await selectBoundaryPairsStreaming({
    vectors,
    predicted,
    reviewed: new Uint8Array(count),
    budget: 200,
    seed: 'stream-bench',
    pairSearchKernel,
    onPhase: ({ phase, shardsRead }) => {
      const making = vectors.generation.seconds - generated;
      phases.push(
        `${phase} ${seconds(phaseStart)} s (${shardsRead} shard reads, ${making.toFixed(2)} s of it generating them)`,
      );
      generated = vectors.generation.seconds;
      phaseStart = performance.now();
    },
  });
  const making = (vectors.generation.seconds - generatedAtStart).toFixed(2);
  lines.push(
    `${label}: selection ${seconds(start)} s (${making} s of it generating shards), ${selection.items.length} items; ${phases.join(', ')}; peak RSS so far ${peakMegabytes()} MB`,
  );
}

/** The in-memory path on the same 1M pool materialised, with the same sample: the reference figure. */
async function inMemory(count: number): Promise<void> {
  const vectors = syntheticShards(count, 100, 100_000, 'stream-bench');
  const predicted = await syntheticLabels(vectors, 'stream-bench');
  const embeddings = new Float32Array(count * 100);
  for (let shard = 0; shard < vectors.starts.length; shard++)
    embeddings.set(await vectors.readShard(shard), vectors.starts[shard]! * 100);
  const start = performance.now();
  const selection = await selectBoundaryPairs({
    embeddings,
    dimensions: 100,
    predicted,
    reviewed: new Uint8Array(count),
    budget: 200,
    seed: 'stream-bench',
    clusterSample: 20_000,
  });
  lines.push(
    `${count / 1e6}M x 100 in memory (clusterSample 20,000): selection ${seconds(start)} s, ${selection.items.length} items; peak RSS so far ${peakMegabytes()} MB`,
  );
}

/** Runs `work` on the first call only: the bench runner may call a task more than once; the figures are ours. */
function firstCallOnly(work: () => Promise<void>): () => Promise<void> {
  let run: Promise<void> | undefined;
  return () => (run ??= work());
}

describe('streaming boundary-pair selection (figures printed by the last task)', () => {
  bench(
    '1M x 100, streaming',
    firstCallOnly(() => streamed(1_000_000)),
    once,
  );
  bench(
    '10M x 100, streaming',
    firstCallOnly(() => streamed(10_000_000)),
    once,
  );
  bench(
    '10M x 100, streaming, f32x4 pair search',
    firstCallOnly(() => streamed(10_000_000, 'auto')),
    once,
  );
  bench(
    '1M x 100, in memory',
    firstCallOnly(() => inMemory(1_000_000)),
    once,
  );
  bench(
    'report',
    firstCallOnly(async () => console.log(lines.join('\n'))),
    once,
  );
});
