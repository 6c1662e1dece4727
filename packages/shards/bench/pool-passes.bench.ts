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
import type { JobResult } from '../src/run-shard-job';
import { scanShards } from '../src/scan-shards';
import type { ShardExecutor } from '../src/shard-executor';
import type { ShardManifest } from '../src/shard-manifest';
import { syntheticLabel, writeSyntheticPool } from '../src/testing';
import { buildEntry } from '../test/build-entry';
import { outputBytes } from '../test/pool';
import { REDIS_MISSING, startRedis } from '../test/redis-server';
import { type SpawnedWorker, spawnWorker } from '../test/spawn-worker';

// A synthetic pool written as Parquet shards, then the heavy passes over it: embed (GloVe), score (a small head),
// assign (two centre sets of 32), on the local executor with 2 worker processes and on BullMQ with 2 workers.
// BORDERLINE_SHARDS_BENCH_ITEMS (default 1,000,000) and BORDERLINE_SHARDS_BENCH_SHARD (default 100,000) size it;
// BORDERLINE_SHARDS_BENCH_USE_LITE (default 20,000) sizes the USE-lite embed, on a pool of its own.
const ITEMS = Number(process.env.BORDERLINE_SHARDS_BENCH_ITEMS ?? 1_000_000);
const PER_SHARD = Number(process.env.BORDERLINE_SHARDS_BENCH_SHARD ?? 100_000);
const USE_LITE_ITEMS = Number(process.env.BORDERLINE_SHARDS_BENCH_USE_LITE ?? 20_000);
const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };
const glove: EmbedSpec = { pass: 'embed', embedder: 'glove' };

const root = mkdtempSync(join(tmpdir(), 'borderline-shards-bench-'));
const poolDir = join(root, 'pool');
const lines: string[] = [];
// Each figure is printed as it is measured (a long run cut short keeps what it had), and all again at the end.
const report = (line: string) => {
  lines.push(line);
  console.log(line);
};
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
const coordinatorRss = () => process.resourceUsage().maxRSS * 1024;
let manifest: ShardManifest;
let scoreSpec: ScoreSpec;
let centres: Float32Array[];
let which: Uint8Array;

/** Job figures of a pass: from the pass result (local executor) or from the workers' lines (BullMQ). */
interface JobFigures {
  readonly jobs: number;
  readonly cpuSeconds: number;
  readonly jobSeconds: number;
  readonly peakRssBytes: number;
}

let workers: SpawnedWorker[] = [];

/** The `job-done` results the BullMQ workers printed after line `from[i]` of worker i. */
function workerFigures(from: readonly number[]): JobFigures {
  const results = workers.flatMap((worker, index) =>
    worker
      .lines()
      .slice(from[index])
      .filter((line) => line.startsWith('job-done '))
      .map((line) => JSON.parse(line.slice('job-done '.length)) as JobResult),
  );
  return {
    jobs: results.length,
    cpuSeconds: results.reduce((sum, result) => sum + (result.cpuSeconds ?? 0), 0),
    jobSeconds: results.reduce((sum, result) => sum + (result.seconds ?? 0), 0),
    peakRssBytes: Math.max(0, ...results.map((result) => result.peakRssBytes ?? 0)),
  };
}

/** The workers' figures once their `job-done` lines for `jobs` jobs have arrived (the pass may end first). */
async function workerFiguresOf(from: readonly number[], jobs: number): Promise<JobFigures> {
  for (let wait = 0; wait < 40 && workerFigures(from).jobs < jobs; wait++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return workerFigures(from);
}

/**
 * Runs and reports one step: wall time, items per second, and for passes the jobs' CPU time (items per CPU
 * second does not depend on the machine's load) and the overhead per job: the time 2 processes were not inside a
 * job, (2 x wall - sum of job walls) / jobs, i.e. dispatch, queue round trips, polling, process start.
 */
async function timed(label: string, run: () => Promise<unknown>): Promise<void> {
  const load = loadavg()[0]!.toFixed(1);
  const from = workers.map((worker) => worker.lines().length);
  const started = performance.now();
  const result = (await run()) as PassResult | undefined;
  const seconds = (performance.now() - started) / 1000;
  let line = `${label}: ${seconds.toFixed(1)} s`;
  if (result !== undefined && typeof result === 'object' && 'items' in result) {
    const figures: JobFigures =
      result.cpuSeconds !== undefined
        ? {
            jobs: result.ran,
            cpuSeconds: result.cpuSeconds,
            jobSeconds: result.jobSeconds ?? 0,
            peakRssBytes: result.peakRssBytes ?? 0,
          }
        : await workerFiguresOf(from, result.ran);
    const perCpu = Math.round(result.items / Math.max(1e-9, figures.cpuSeconds));
    const overhead = ((2 * seconds - figures.jobSeconds) / Math.max(1, figures.jobs)) * 1000;
    line +=
      `, ${Math.round(result.items / seconds).toLocaleString('en')} items/s over ${figures.jobs} jobs` +
      ` (${perCpu.toLocaleString('en')} items per CPU second), overhead ${overhead.toFixed(0)} ms per job` +
      `, worker peak RSS ${gib(figures.peakRssBytes)}`;
  }
  report(`${line} (load ${load} before)`);
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

/** The passes on the local executor, then USE-lite's embed on a small pool of its own (~1,000x slower). */
async function onLocalExecutor(): Promise<void> {
  const workerEntry = await buildEntry('src/worker-entry.ts');
  const local = createLocalExecutor({ processes: 2, workerEntry, execArgv: [] });
  try {
    await passes('local executor, 2 processes', local, join(root, 'local'));
    const small = join(root, 'use-lite-pool');
    await writeSyntheticPool(small, USE_LITE_ITEMS, Math.ceil(USE_LITE_ITEMS / 4));
    const smallManifest = await scanShards(small);
    const useLite = { pass: 'embed', embedder: 'use-lite' } as const;
    await timed(
      `embed (USE-lite) of ${USE_LITE_ITEMS.toLocaleString('en')} items, local executor, 2 processes`,
      () => runPass(useLite, { manifest: smallManifest, outDir: join(root, 'use-lite'), executor: local }),
    );
  } finally {
    await local.close();
  }
}

/** The passes on BullMQ with 2 worker processes and a redis-server of the bench's own; outputs compared. */
async function onQueue(): Promise<void> {
  if (REDIS_MISSING !== undefined) {
    report(`BullMQ: skipped, ${REDIS_MISSING}`);
    return;
  }
  const redis = await startRedis(root);
  const script = await buildEntry('bench/bench-worker.ts');
  workers = [spawnWorker(script, [redis.url, 'bench']), spawnWorker(script, [redis.url, 'bench'])];
  const queue = createQueueExecutor({ connection: redis.url, queue: 'bench', pollMs: 50 });
  try {
    await Promise.all(workers.map((worker) => worker.waitFor(/^worker ready$/)));
    await passes('BullMQ, 2 workers', queue, join(root, 'bullmq'));
    for (const pass of ['embed', 'score', 'assign']) {
      const local = JSON.stringify([...outputBytes(join(root, 'local'), pass)]);
      const same = local === JSON.stringify([...outputBytes(join(root, 'bullmq'), pass)]);
      report(`${pass} outputs, BullMQ vs local: ${same ? 'identical bytes' : 'DIFFERENT'}`);
    }
  } finally {
    await queue.close();
    await Promise.all(workers.map((worker) => worker.kill('SIGTERM')));
    await redis.kill();
  }
}

describe(`shards: ${ITEMS.toLocaleString('en')} synthetic ads in shards of ${PER_SHARD.toLocaleString('en')}`, () => {
  bench(
    'generate Parquet shards, scan, then embed + score + assign: local executor (2 processes) vs BullMQ (2 workers)',
    async () => {
      try {
        await timed('generate Parquet shards (streamed, shard by shard)', () =>
          writeSyntheticPool(poolDir, ITEMS, PER_SHARD),
        );
        await timed('scanShards (validate, hash, duplicate ids)', async () => {
          manifest = await scanShards(poolDir);
        });
        const bytes = manifest.shards.reduce((sum, shard) => sum + shard.bytes, 0);
        report(
          `pool: ${manifest.shards.length} Parquet shards, ${(bytes / manifest.count).toFixed(0)} bytes per item`,
        );
        await onLocalExecutor();
        await onQueue();
        report(`coordinator peak RSS (the bench process, vitest included): ${gib(coordinatorRss())}`);
        // Figures that are not ops/sec are printed, as the bench convention allows.
        console.log(lines.join('\n'));
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
    once,
  );
});
