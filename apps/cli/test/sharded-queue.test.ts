import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSimulatedPool } from '../src/session/simulated';
import { cliIn, tempDir, testEnv } from './helpers';
import { runScores, writeShardedPool } from './sharded-pool';
import { type SpawnedCli, spawnCli } from './spawn-cli';

// The queue executor through the CLI: a real redis-server of the test's own, two `borderline worker` processes,
// and `prelabel --executor queue` on a sharded run, whose scores equal the local executor's.

const REDIS_SERVER = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();
const MISSING = 'no redis-server (apt-get install redis-server)';
if (REDIS_SERVER === undefined && process.env.CI)
  throw new Error(`the queue tests need redis-server: ${MISSING}`);
const TITLE =
  REDIS_SERVER === undefined
    ? `borderline worker and --executor queue: SKIPPED, ${MISSING}`
    : 'borderline worker';

const temp = tempDir('borderline-queue-');
const env = testEnv();
// temp.dir is read in the hooks and tests only: without redis-server (all skipped) no folder is made.
const dataset = () => join(temp.dir, 'pool');
const ok = (argv: readonly string[]) => cliIn(temp.dir, env).ok(argv);
const INIT = ['--embedder', 'glove', '--model', 'small', '--policy', 'uncertainty'];
const init = () => ['--dataset', dataset(), ...INIT];
let redis: ChildProcess | undefined;
let url = '';
const workers: SpawnedCli[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function startRedis(): Promise<void> {
  const port = await freePort();
  url = `redis://127.0.0.1:${port}`;
  const child = spawn(
    REDIS_SERVER as string,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', temp.dir],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  redis = child;
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });
}
const scores = (run: string) => runScores(join(temp.dir, run));

beforeAll(async () => {
  if (REDIS_SERVER === undefined) return;
  const pool = loadSimulatedPool({ task: 'lower' }, { seed: 2, size: 3000 });
  await writeShardedPool(dataset(), pool, ['0.jsonl', '1.parquet']);
  await startRedis();
});

afterAll(async () => {
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
  redis?.kill('SIGKILL');
});

describe.skipIf(REDIS_SERVER === undefined)(TITLE, () => {
  it('two workers run the passes of prelabel --executor queue: the scores equal the local executor', async () => {
    for (let index = 0; index < 2; index++) {
      const worker = spawnCli(['worker', '--redis', url], { cwd: temp.dir, env });
      workers.push(worker);
      await worker.waitFor(/pulling jobs from/);
    }
    await ok(['init', 'queued', ...init()]);
    await ok(['init', 'local', ...init()]);
    await ok(['prelabel', 'queued', '--executor', 'queue', '--redis', url, '--quiet']);
    await ok(['prelabel', 'local', '--executor', 'local', '--processes', '0', '--quiet']);
    expect(await scores('queued')).toEqual(await scores('local'));
    const status = JSON.parse((await ok(['status', 'queued', '--json'])).stdout);
    expect(status.shards.passes).toEqual([{ pass: 'embed', shardsDone: 2, shardsTotal: 2, items: 3000 }]);
    // Each worker says what it ran; Ctrl-C (SIGTERM here) stops it after the job in hand.
    for (const worker of workers) worker.child.kill('SIGTERM');
    const ended = await Promise.all(workers.map((worker) => worker.exited));
    const lines = ended.map((result) => result.stderr).join('\n');
    expect(lines).toMatch(/worker: embed\S* done, 1500 items/);
    for (const result of ended) {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('worker: stopped');
    }
  });

  it('BORDERLINE_REDIS_URL stands for --redis', async () => {
    const { ok: okWithUrl } = cliIn(temp.dir, { ...env, BORDERLINE_REDIS_URL: url });
    const worker = spawnCli(['worker'], { cwd: temp.dir, env: { ...env, BORDERLINE_REDIS_URL: url } });
    workers.push(worker);
    await worker.waitFor(/pulling jobs from redis:/);
    await okWithUrl(['init', 'env', ...init()]);
    await okWithUrl(['prelabel', 'env', '--executor', 'queue', '--quiet']);
    expect(await scores('env')).toEqual(await scores('local'));
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  });
});
