import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRunStore, PASS_PROGRESS_KEY, type PassRecord } from '@borderline/run-store';
// The shards package's synthetic pool (ads as Parquet shards, written one shard at a time), its testing entry.
import { writeSyntheticPool } from '@borderline/shards/testing';
import { afterAll, bench, describe } from 'vitest';
import { tempDir, testEnv } from '../test/helpers';

// A synthetic pool as shards through the CLI: init (scan), prelabel (embed pass with GloVe + LLM-0's scores),
// one boundary-pair selection (sample fit + assign pass + candidate pass), each a real `borderline` process
// whose peak RSS and wall time are printed; the local executor (2 worker processes), then the BullMQ queue with
// 2 `borderline worker` processes when redis-server is on the PATH. Size: BORDERLINE_BENCH_ITEMS (default
// 200,000; the figure is 10,000,000), shard size BORDERLINE_BENCH_SHARD (default 250,000);
// BORDERLINE_BENCH_QUEUE=0 leaves the queue out.

const ITEMS = Number(process.env.BORDERLINE_BENCH_ITEMS ?? 200_000);
const SHARD = Number(process.env.BORDERLINE_BENCH_SHARD ?? Math.min(250_000, Math.ceil(ITEMS / 4)));
const temp = tempDir('borderline-sharded-bench-').dir;
const bin = fileURLToPath(new URL('./measured-cli.ts', import.meta.url));
const register = fileURLToPath(new URL('../test/ts-register.mjs', import.meta.url));
const env = testEnv();
// The paper's pairs from the first batch on: the bench times the streamed pair search (sample fit, assign pass,
// candidates), which the default score-strata first batch skips until the second selection.
const INIT = [
  '--embedder',
  'glove',
  '--model',
  'small',
  '--batch-size',
  '100',
  '--first-batch',
  'pairs',
  '--pair-scoring',
  'distance',
  '--quiet',
];
const figures: Record<string, unknown>[] = [];
const children: ChildProcess[] = [];

interface Measure {
  readonly code: number;
  readonly seconds: number;
  readonly peakRssMb: number;
}

function start(argv: readonly string[]): {
  child: ChildProcess;
  done: Promise<Measure & { stderr: string }>;
} {
  const child = spawn(process.execPath, ['--import', register, bin, ...argv], {
    cwd: temp,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<Measure & { stderr: string }>((resolve, reject) => {
    child.on('exit', () => {
      const line = /bench-measure (.+)/.exec(stderr);
      if (line === null)
        reject(new Error(`borderline ${argv.join(' ')} ended without measuring:\n${stderr}`));
      else resolve({ ...(JSON.parse(line[1]!) as Measure), stderr });
    });
  });
  return { child, done };
}

async function cli(step: string, argv: readonly string[]): Promise<void> {
  const measure = await start(argv).done;
  if (measure.code !== 0) throw new Error(`borderline ${argv.join(' ')} failed:\n${measure.stderr}`);
  figures.push({ step, seconds: +measure.seconds.toFixed(1), peakRssMb: Math.round(measure.peakRssMb) });
}

/** The run's pass speeds (as `status` shows them) and the size of its first batch. */
async function passFigures(run: string, step: string): Promise<void> {
  const store = await openRunStore(join(temp, run), { mode: 'read' });
  try {
    for (const pass of ['embed', 'assign', 'score']) {
      const record = await store.getMeta<PassRecord>(`${PASS_PROGRESS_KEY}:${pass}`);
      if (record !== undefined)
        figures.push({ step: `${step}: ${pass} pass`, itemsPerSecond: Math.round(record.itemsPerSecond) });
    }
    const batch = await store.readSelection(1);
    const pairs = batch.filter((entry) => entry.reason?.startsWith('boundary pair') === true).length;
    const state = await store.readLoopState();
    figures.push({
      step: `${step}: batch`,
      items: batch.length,
      pairItems: pairs,
      positives: state?.poolPositives,
    });
  } finally {
    store.close();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

function hasRedis(): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => {
    try {
      return existsSync(join(dir, 'redis-server'));
    } catch {
      return false;
    }
  });
}

const POLICY =
  'ads with too-good-to-be-true offers: guaranteed results, a miracle cure, instant approval, hair regrowth, weight loss tea, crypto savings';
const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };
const ran = new Set<string>();

/** A pipeline step as a bench: tinybench may call it more than once; the step runs (and is measured) once. */
function step(name: string, work: () => unknown): void {
  bench(
    name,
    async () => {
      if (ran.has(name)) return;
      ran.add(name);
      await work();
    },
    once,
  );
}
let pool = '';

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  console.log(`sharded pool of ${ITEMS} items in shards of ${SHARD}:`);
  console.table(figures);
});

describe(`sharded pool, ${ITEMS} items`, () => {
  step('generate shards (Parquet)', async () => {
    const started = performance.now();
    pool = join(temp, 'pool');
    await writeSyntheticPool(pool, ITEMS, SHARD);
    // LLM-0 reads the task as its policy: say what a violating ad is, so it predicts both sides.
    const manifest = JSON.parse(readFileSync(join(pool, 'dataset.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(pool, 'dataset.json'), JSON.stringify({ ...manifest, task: POLICY }));
    figures.push({ step: 'generate', seconds: +((performance.now() - started) / 1000).toFixed(1) });
  });
  step('init (scan, hash, validate)', () => cli('init', ['init', 'local', '--dataset', pool, ...INIT]));
  step('prelabel, local executor (embed pass on 2 processes + LLM-0 scores)', () =>
    cli('prelabel local', ['prelabel', 'local', '--executor', 'local', '--processes', '2', '--quiet']),
  );
  step('select, local executor (boundary pairs, streamed)', async () => {
    await cli('select local', ['select', 'local', '--executor', 'local', '--processes', '2', '--quiet']);
    await passFigures('local', 'local');
  });
  step('queue: prelabel + select with 2 workers', async () => {
    if (process.env.BORDERLINE_BENCH_QUEUE === '0' || !hasRedis()) {
      figures.push({
        step: 'queue',
        skipped: hasRedis() ? 'BORDERLINE_BENCH_QUEUE=0' : 'no redis-server on the PATH',
      });
      return;
    }
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
      cwd: temp,
      stdio: 'ignore',
    });
    children.push(redis);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const workers = [start(['worker', '--redis', url]), start(['worker', '--redis', url])];
    await cli('init queue', ['init', 'queue', '--dataset', pool, ...INIT]);
    await cli('prelabel queue', ['prelabel', 'queue', '--executor', 'queue', '--redis', url, '--quiet']);
    await cli('select queue', ['select', 'queue', '--executor', 'queue', '--redis', url, '--quiet']);
    await passFigures('queue', 'queue');
    for (const worker of workers) worker.child.kill('SIGTERM');
    for (const [index, worker] of workers.entries()) {
      const measure = await worker.done;
      figures.push({ step: `worker ${index + 1}`, peakRssMb: Math.round(measure.peakRssMb) });
    }
    redis.kill('SIGTERM');
  });
});
