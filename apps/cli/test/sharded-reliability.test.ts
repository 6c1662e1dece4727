import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSimulatedPool } from '../src/session/simulated';
import { cliIn, tempDir, testEnv } from './helpers';
import { runScores, writeShardedPool } from './sharded-pool';
import { spawnCli } from './spawn-cli';

// A sharded prelabel killed with SIGKILL after its first shard: run again, it embeds only the shards that are
// missing and ends with the scores of an uninterrupted run.

const temp = tempDir('borderline-sharded-kill-');
const dataset = join(temp.dir, 'pool');
const env = testEnv();
const { ok } = cliIn(temp.dir, env);
const INIT = ['--dataset', dataset, '--embedder', 'glove', '--model', 'small', '--policy', 'uncertainty'];
const SHARDS = 12;
const PER_SHARD = 2500;

const scores = (run: string) => runScores(join(temp.dir, run));

beforeAll(async () => {
  const pool = loadSimulatedPool({ task: 'higher' }, { seed: 3, size: SHARDS * PER_SHARD });
  const files = Array.from({ length: SHARDS }, (_, shard) => `${shard}.jsonl`);
  await writeShardedPool(dataset, pool, files);
});

describe('worker processes of the local executor', () => {
  it('a command that ran its passes on 2 worker processes finishes and prints its result (regression: exit 13)', async () => {
    await ok(['init', 'forked', ...INIT]);
    for (const command of ['prelabel', 'select']) {
      const child = spawnCli([command, 'forked', '--executor', 'local', '--processes', '2', '--quiet'], {
        cwd: temp.dir,
        env,
      });
      const ended = await child.exited;
      expect(ended.code, ended.stderr).toBe(0);
      expect(ended.stdout).toContain(command === 'prelabel' ? 'predicted positive' : 'selected: 100 item(s)');
    }
  });
});

describe('a sharded prelabel killed with SIGKILL', () => {
  it('resumes from the shards already embedded and ends as an uninterrupted run', async () => {
    await ok(['init', 'killed', ...INIT]);
    await ok(['init', 'whole', ...INIT]);
    const child = spawnCli(['prelabel', 'killed', '--executor', 'local', '--processes', '0'], {
      cwd: temp.dir,
      env,
    });
    await child.waitFor(/embedding: [1-9]\d*\/30000/);
    child.child.kill('SIGKILL');
    const killed = await child.exited;
    expect(killed.signal).toBe('SIGKILL');
    // Killed after its first shard's vectors and before the last score: the pass had work left.
    const embedded = readdirSync(join(temp.dir, 'killed', 'shards', 'embed'));
    expect(embedded.filter((name) => name.endsWith('.bin')).length).toBeGreaterThan(0);
    expect((await scores('killed')).some(Number.isNaN)).toBe(true);
    await ok(['prelabel', 'killed', '--executor', 'local', '--processes', '0', '--quiet']);
    await ok(['prelabel', 'whole', '--executor', 'local', '--processes', '0', '--quiet']);
    const outputs = readdirSync(join(temp.dir, 'killed', 'shards', 'embed'));
    expect(outputs.filter((name) => name.endsWith('.bin'))).toHaveLength(SHARDS);
    const resumed = await scores('killed');
    expect(resumed.some(Number.isNaN)).toBe(false);
    expect(resumed).toEqual(await scores('whole'));
  });
});
