import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyRows, miniBatchKMeans } from '@borderline/kmeans';
import { createLocalClassifier, createLocalEmbedder, type SavableClassifier } from '@borderline/runners';
import { bench, describe } from 'vitest';
import { sha256Hex } from '../src/file-hash';
import { createLocalExecutor } from '../src/local-executor';
import { assignPass, passScores, passVectors } from '../src/pass-readers';
import type { EmbedSpec, ScoreSpec } from '../src/pass-spec';
import { createQueueExecutor } from '../src/queue-executor';
import { type PassResult, runPass } from '../src/run-pass';
import { scanShards } from '../src/scan-shards';
import type { ShardExecutor } from '../src/shard-executor';
import type { ShardManifest } from '../src/shard-manifest';
import { buildEntry } from '../test/build-entry';
import { outputBytes } from '../test/pool';
import { REDIS_MISSING, startRedis } from '../test/redis-server';
import { type SpawnedWorker, spawnWorker } from '../test/spawn-worker';
import { syntheticLabel, writeSyntheticPool } from './synthetic-pool';

// A synthetic pool written as Parquet shards, then the heavy passes over it: embed (GloVe), score (a small head),
// assign (two centre sets of 32), on the local executor with 2 worker processes and on BullMQ with 2 workers.
// BORDERLINE_SHARDS_BENCH_ITEMS (default 1,000,000) and BORDERLINE_SHARDS_BENCH_SHARD (default 100,000) size it.
const ITEMS = Number(process.env.BORDERLINE_SHARDS_BENCH_ITEMS ?? 1_000_000);
const PER_SHARD = Number(process.env.BORDERLINE_SHARDS_BENCH_SHARD ?? 100_000);
const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };
const glove: EmbedSpec = { pass: 'embed', embedder: 'glove' };

const root = mkdtempSync(join(tmpdir(), 'borderline-shards-bench-'));
const poolDir = join(root, 'pool');
const lines: string[] = [];
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
const coordinatorRss = () => process.resourceUsage().maxRSS * 1024;
let manifest: ShardManifest;
let scoreSpec: ScoreSpec;
let centres: Float32Array[];
let which: Uint8Array;

async function timed(label: string, run: () => Promise<unknown>): Promise<void> {
  const load = loadavg()[0]!.toFixed(1);
  const started = performance.now();
  const result = (await run()) as PassResult | undefined;
  const seconds = (performance.now() - started) / 1000;
  const rate = result
    ? `, ${Math.round(result.items / seconds).toLocaleString('en')} items/s over ${result.ran} jobs`
    : '';
  const worker = result?.peakRssBytes === undefined ? '' : `, worker peak RSS ${gib(result.peakRssBytes)}`;
  lines.push(`${label}: ${seconds.toFixed(1)} s${rate}${worker} (load ${load} before)`);
}

/** A small head trained on the first shard's vectors, saved as a model file. */
async function trainModel(outDir: string): Promise<ScoreSpec> {
  const shards = passVectors(manifest, outDir, glove);
  const vectors = (await shards.readShard(0)).slice(0, 20_000 * shards.dimensions);
  const { texts } = await import('../src/shard-items').then((module) => module.readShardItems(manifest, 0));
  const labels = Uint8Array.from(texts.slice(0, vectors.length / shards.dimensions), syntheticLabel);
  const base = createLocalClassifier({ size: 'small', embedder: createLocalEmbedder(), seed: 1 });
  const model = (await base.head!.adaptEmbedded(vectors, labels)) as SavableClassifier;
  const bytes = model.save();
  const modelFile = join(root, 'model.bin');
  writeFileSync(modelFile, bytes);
  return { pass: 'score', modelFile, modelSha256: sha256Hex(bytes), version: model.version };
}

/** Two centre sets of 32 (mini-batch k-means on a sample of each side) and each item's side by its score. */
async function assignInputs(outDir: string): Promise<void> {
  const shards = passVectors(manifest, outDir, glove);
  const scores = await passScores(manifest, outDir, scoreSpec);
  which = Uint8Array.from(scores, (score) => (score >= 0.5 ? 1 : 0));
  const sample = await shards.readShard(0);
  centres = [0, 1].map((side) => {
    const rows: number[] = [];
    for (let row = 0; row < sample.length / shards.dimensions && rows.length < 20_000; row++) {
      if (which[row] === side) rows.push(row);
    }
    const points = copyRows(sample, shards.dimensions, rows);
    return miniBatchKMeans(points, shards.dimensions, {
      k: Math.min(32, rows.length),
      seed: 1,
      batchSize: 2048,
    }).centroids;
  });
}

async function passes(name: string, executor: ShardExecutor, outDir: string): Promise<void> {
  await timed(`embed (GloVe), ${name}`, () => runPass(glove, { manifest, outDir, executor }));
  if (scoreSpec === undefined) scoreSpec = await trainModel(outDir);
  await timed(`score (small head), ${name}`, () => runPass(scoreSpec, { manifest, outDir, executor }));
  if (centres === undefined) await assignInputs(outDir);
  await timed(`assign (2 sets x 32 centres), ${name}`, async () => {
    await assignPass(manifest, outDir, glove, executor)({ centres, which });
  });
}

describe(`shards: ${ITEMS.toLocaleString('en')} synthetic ads in shards of ${PER_SHARD.toLocaleString('en')}`, () => {
  bench(
    'generate Parquet shards, scan, then embed + score + assign: local executor (2 processes) vs BullMQ (2 workers)',
    async () => {
      await timed('generate Parquet shards (streamed, shard by shard)', () =>
        writeSyntheticPool(poolDir, ITEMS, PER_SHARD),
      );
      await timed('scanShards (validate, hash, duplicate ids)', async () => {
        manifest = await scanShards(poolDir);
      });
      const workerEntry = await buildEntry('src/worker-entry.ts');
      const local = createLocalExecutor({ processes: 2, workerEntry, execArgv: [] });
      try {
        await passes('local executor, 2 processes', local, join(root, 'local'));
      } finally {
        await local.close();
      }
      if (REDIS_MISSING !== undefined) lines.push(`BullMQ: skipped, ${REDIS_MISSING}`);
      else {
        const redis = await startRedis(root);
        const script = await buildEntry('bench/bench-worker.ts');
        const workers: SpawnedWorker[] = [
          spawnWorker(script, [redis.url, 'bench']),
          spawnWorker(script, [redis.url, 'bench']),
        ];
        const queue = createQueueExecutor({ connection: redis.url, queue: 'bench', pollMs: 50 });
        try {
          await Promise.all(workers.map((worker) => worker.waitFor(/^worker ready$/)));
          await passes('BullMQ, 2 workers', queue, join(root, 'bullmq'));
          const rss = workers.flatMap((worker) =>
            worker.lines().map((line) => Number(line.match(/ rss (\d+)$/)?.[1] ?? 0)),
          );
          lines.push(`BullMQ worker peak RSS: ${gib(Math.max(...rss))}`);
          for (const pass of ['embed', 'score', 'assign']) {
            const same =
              JSON.stringify([...outputBytes(join(root, 'local'), pass)]) ===
              JSON.stringify([...outputBytes(join(root, 'bullmq'), pass)]);
            lines.push(`${pass} outputs, BullMQ vs local: ${same ? 'identical bytes' : 'DIFFERENT'}`);
          }
        } finally {
          await queue.close();
          await Promise.all(workers.map((worker) => worker.kill('SIGTERM')));
          await redis.kill();
        }
      }
      lines.push(`coordinator peak RSS (the bench process, vitest included): ${gib(coordinatorRss())}`);
      // Figures that are not ops/sec are printed, as the bench convention allows.
      console.log(lines.join('\n'));
      rmSync(root, { recursive: true, force: true });
    },
    once,
  );
});
