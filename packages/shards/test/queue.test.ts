import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BorderlineError } from '@borderline/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueExecutor } from '../src/queue-executor';
import { resolveEmbed } from '../src/resolve-pass';
import { runPass } from '../src/run-pass';
import type { ShardManifest } from '../src/shard-manifest';
import { startWorker, type WorkerEvent } from '../src/start-worker';
import { buildEntry } from './build-entry';
import { tempDir } from './fixtures';
import { GLOVE, outputBytes, referencePool } from './pool';
import { REDIS_MISSING, startRedis, type TestRedis } from './redis-server';
import { type SpawnedWorker, spawnWorker } from './spawn-worker';

// The BullMQ executor against a real redis-server (started here on a free port, no persistence) and real worker
// processes. Without redis-server the suite is skipped with the reason, except in CI, where it must run.
const TITLE =
  REDIS_MISSING === undefined
    ? 'BullMQ executor on redis-server'
    : `BullMQ executor: SKIPPED, ${REDIS_MISSING}`;

describe.runIf(REDIS_MISSING !== undefined && process.env.CI !== undefined)('BullMQ executor in CI', () => {
  it('needs redis-server', () => {
    throw new Error(`${REDIS_MISSING}: CI must install it (.ci/run does, with apt-get)`);
  });
});

describe.skipIf(REDIS_MISSING !== undefined)(TITLE, () => {
  const temp = tempDir('borderline-shards-queue-');
  const workers: SpawnedWorker[] = [];
  let redis: TestRedis;
  let manifest: ShardManifest;
  let reference: string;
  let script: string;
  let queueNumber = 0;

  beforeAll(async () => {
    ({ manifest, reference } = await referencePool(temp.dir, [1500, 1200, 1400, 1300, 1100, 1600]));
    script = await buildEntry('test/queue-worker.ts');
    redis = await startRedis(temp.dir);
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill('SIGKILL')));
    await redis?.kill();
  });

  async function worker(queue: string): Promise<SpawnedWorker> {
    const spawned = spawnWorker(script, [redis.url, queue]);
    workers.push(spawned);
    await spawned.waitFor(/^worker ready$/);
    return spawned;
  }

  function setup() {
    queueNumber++;
    const queue = `test-${queueNumber}`;
    const executor = createQueueExecutor({
      connection: redis.url,
      queue,
      pollMs: 50,
      backoffMs: 100,
      attempts: 2,
    });
    return { queue, executor, outDir: join(temp.dir, queue) };
  }

  it('a worker killed with SIGKILL mid-shard: another takes its job over, and the outputs equal an uninterrupted run', async () => {
    const { queue, executor, outDir } = setup();
    try {
      const first = await worker(queue);
      const pass = runPass(GLOVE, { manifest, outDir, executor });
      const [, key] = (await first.waitFor(/^job-start (\S+)$/)) as RegExpMatchArray;
      await first.kill('SIGKILL');
      const killed = resolveEmbed(GLOVE, manifest, outDir).jobs.find((job) => job.key === key);
      expect(killed).toBeDefined();
      // Mid-shard: the killed job had not committed its output.
      expect(existsSync(killed!.output)).toBe(false);
      const second = await worker(queue);
      const result = await pass;
      expect(result).toMatchObject({ shards: 6, ran: 6 });
      // The pass ends when the output exists; the worker's line about it may come a moment later.
      await second.waitFor(new RegExp(`^job-done ${key} written$`));
      expect(outputBytes(outDir, 'embed')).toEqual(outputBytes(reference, 'embed'));
    } finally {
      await executor.close();
    }
  });

  it('Redis killed and restarted mid-pass: the pass completes, re-enqueueing what the queue lost', async () => {
    const { queue, executor, outDir } = setup();
    try {
      const only = await worker(queue);
      const pass = runPass(GLOVE, { manifest, outDir, executor });
      await only.waitFor(/^job-start /);
      // Freeze the worker mid-job, so five jobs are still queued when Redis dies (it keeps no data: all lost).
      only.child.kill('SIGSTOP');
      const before = only.lines().length;
      await redis.restart();
      only.child.kill('SIGCONT');
      const result = await pass;
      expect(result).toMatchObject({ shards: 6, ran: 6 });
      expect(outputBytes(outDir, 'embed')).toEqual(outputBytes(reference, 'embed'));
      const keys = resolveEmbed(GLOVE, manifest, outDir).jobs.map((job) => job.key);
      await Promise.all(keys.map((key) => only.waitFor(new RegExp(`^job-done ${key} `))));
      // Each shard written once; a job re-added while its first run was finishing finds its output and writes nothing.
      const done = only.lines().filter((line) => line.startsWith('job-done '));
      expect(done.filter((line) => line.endsWith(' written'))).toHaveLength(6);
      // The five jobs queued when Redis died ran after it came back: the coordinator added them again.
      const after = only
        .lines()
        .slice(before)
        .filter((line) => line.startsWith('job-done '));
      expect(new Set(after.map((line) => line.split(' ')[1])).size).toBeGreaterThanOrEqual(5);
    } finally {
      await executor.close();
    }
  });

  it('a poisoned shard fails its job naming shard and row after its attempts; the others complete; repaired, it reruns', async () => {
    const { queue, executor, outDir } = setup();
    try {
      // Shard 2 rotted after the scan: line 5 keeps its length but loses its text.
      const file = join(manifest.dir, 'items', '002.jsonl');
      const original = readFileSync(file, 'utf8');
      const lines = original.split('\n');
      const id = (JSON.parse(lines[4] as string) as { id: string }).id;
      const broken = JSON.stringify({ id, text: null });
      lines[4] = broken.padEnd(Buffer.byteLength(lines[4] as string), ' ');
      writeFileSync(file, lines.join('\n'));
      try {
        await worker(queue);
        const error = await runPass(GLOVE, { manifest, outDir, executor }).catch((caught: unknown) => caught);
        expect(BorderlineError.is(error)).toBe(true);
        const failure = error as BorderlineError;
        expect(failure.code).toBe('invalid-data');
        expect(failure.message).toMatch(
          /1 of 6 shards failed[\s\S]*shard 2 \(items\/002.jsonl\) at line 5, after 2 attempts/,
        );
        expect(failure.issues[0]).toMatchObject({ file, line: 5, field: 'text' });
        const written = outputBytes(outDir, 'embed');
        const expected = outputBytes(reference, 'embed');
        expect([...written.keys()]).toEqual([...expected.keys()].filter((name) => !name.startsWith('2-')));
        for (const [name, bytes] of written) expect(bytes).toEqual(expected.get(name));
      } finally {
        writeFileSync(file, original);
      }
      // Repaired, the pass runs again: the failed job is retried (not left in the queue's failed set), only it.
      const again = await runPass(GLOVE, { manifest, outDir, executor });
      expect(again).toMatchObject({ shards: 6, skipped: 5, ran: 1 });
      expect(outputBytes(outDir, 'embed')).toEqual(outputBytes(reference, 'embed'));
    } finally {
      await executor.close();
    }
  });

  it('a worker told to stop while Redis is down stops, saying so (regression: it retried the connection forever)', async () => {
    const events: WorkerEvent[] = [];
    const stopping = startWorker({
      connection: redis.url,
      queue: 'test-stop',
      closeTimeoutMs: 200,
      onEvent: (event) => events.push(event),
    });
    try {
      await redis.kill();
      await stopping.close();
      expect(events).toContainEqual({
        type: 'error',
        message: `Redis at ${redis.url} did not answer: disconnected without it`,
      });
    } finally {
      await redis.restart();
    }
  });
});
