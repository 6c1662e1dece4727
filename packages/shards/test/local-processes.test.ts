import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
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
let closingCaller: string;

beforeAll(async () => {
  ({ manifest, reference } = await referencePool(temp.dir, [300, 200, 250, 150]));
  workerEntry = await buildEntry('src/worker-entry.ts');
  crashingEntry = await buildEntry('test/crashing-worker.ts');
  closingCaller = await buildEntry('test/close-after-pass.ts');
});

/** Runs `node script ...args` to its end: its exit code and stdout. */
function runNode(script: string, args: readonly string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout }));
  });
}

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

  it('close() holds the caller until its idle processes have exited (a caller with nothing else to do)', async () => {
    const outDir = join(temp.dir, 'closing');
    const { code, stdout } = await runNode(closingCaller, [manifest.dir, outDir, workerEntry]);
    expect(stdout).toBe('ran 4\nclosed\n');
    expect(code).toBe(0);
  });
});
