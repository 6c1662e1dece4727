import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../src/local-executor';
import { runPass } from '../src/run-pass';
import type { ShardManifest } from '../src/shard-manifest';
import { buildEntry } from './build-entry';
import { tempDir } from './fixtures';
import { GLOVE, outputBytes, referencePool } from './pool';

const temp = tempDir('borderline-shards-local-');
let manifest: ShardManifest;
let reference: string;
let workerEntry: string;
let crashingEntry: string;

beforeAll(async () => {
  ({ manifest, reference } = await referencePool(temp.dir, [300, 200, 250, 150]));
  workerEntry = await buildEntry('src/worker-entry.ts');
  crashingEntry = await buildEntry('test/crashing-worker.ts');
});
afterAll(() => temp.done());

describe('createLocalExecutor with worker processes', () => {
  it('two processes write the same bytes as the in-process run', async () => {
    const executor = createLocalExecutor({ processes: 2, workerEntry, execArgv: [] });
    try {
      const outDir = join(temp.dir, 'two');
      const result = await runPass(GLOVE, { manifest, outDir, executor });
      expect(result).toMatchObject({ shards: 4, ran: 4, skipped: 0, items: 900 });
      expect(outputBytes(outDir, 'embed')).toEqual(outputBytes(reference, 'embed'));
    } finally {
      await executor.close();
    }
  });

  it('a process killed mid-job is replaced and its job run again: the outputs equal the uninterrupted run', async () => {
    const marker = join(temp.dir, 'crash-once');
    writeFileSync(marker, '');
    process.env.BORDERLINE_TEST_CRASH_MARKER = marker;
    const executor = createLocalExecutor({ processes: 2, workerEntry: crashingEntry, execArgv: [] });
    try {
      const outDir = join(temp.dir, 'crash');
      const result = await runPass(GLOVE, { manifest, outDir, executor });
      expect(result.ran).toBe(4);
      expect(existsSync(marker)).toBe(false);
      expect(outputBytes(outDir, 'embed')).toEqual(outputBytes(reference, 'embed'));
    } finally {
      delete process.env.BORDERLINE_TEST_CRASH_MARKER;
      await executor.close();
    }
  });

  it('a process that keeps dying fails its job after the attempts, naming it', async () => {
    const executor = createLocalExecutor({
      processes: 1,
      workerEntry: join(temp.dir, 'no-such-entry.mjs'),
      execArgv: [],
      attempts: 2,
    });
    try {
      const outDir = join(temp.dir, 'dead');
      await expect(runPass(GLOVE, { manifest, outDir, executor })).rejects.toThrow(
        /4 of 4 shards failed[\s\S]*shard 0 \(items\/000.jsonl\), after 2 attempts: worker process exited/,
      );
    } finally {
      await executor.close();
    }
  });
});
