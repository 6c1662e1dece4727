import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Item } from '@borderline/core';
import { writeItems } from '@borderline/ingest';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRunStoreBackend } from '../src/review/run-store-backend';
import { loadSimulatedPool, simulatedExperts } from '../src/session/simulated';
import { PAPER_PAIRS } from './fixtures';
import { cliIn, tempDir } from './helpers';
import { runScores, writeShardedPool } from './sharded-pool';

// A sharded pool end to end: 3 shards x 2,000 ads of the simulated world (two JSONL, one Parquet), through
// init -> prelabel -> select -> import -> step -> status, and the same pool as one items file.

const SHARD = 2000;
const SIZE = 3 * SHARD;
const temp = tempDir('borderline-sharded-');
const sharded = join(temp.dir, 'sharded');
const plain = join(temp.dir, 'plain');
const { call, ok } = cliIn(temp.dir);
const BASE = ['--embedder', 'glove', '--model', 'small', '--batch-size', '100'];
const INIT = [...BASE, '--policy', 'stratified'];
const LOCAL = ['--executor', 'local', '--processes', '0'];
let items: Item[];

async function writeDatasets(): Promise<void> {
  const pool = loadSimulatedPool({ task: 'lower' }, { seed: 1, size: SIZE });
  items = pool.items;
  await writeShardedPool(sharded, pool, ['000.jsonl', '001.parquet', '002.jsonl']);
  mkdirSync(plain, { recursive: true });
  writeFileSync(join(plain, 'dataset.json'), readFileSync(join(sharded, 'dataset.json')));
  await writeItems(join(plain, 'items.jsonl'), items);
  // The crowd's labels (one per ad) beside both: the ledger starts with them, sharded or not.
  const crowd = pool.crowd.map((label) => JSON.stringify(label));
  for (const dir of [sharded, plain]) writeFileSync(join(dir, 'labels.jsonl'), `${crowd.join('\n')}\n`);
}

/** The simulated experts' labels for these ids, as a labels file. */
async function expertLabels(ids: readonly string[], file: string): Promise<void> {
  const byId = new Map(items.map((item) => [item.id, item]));
  const panel = simulatedExperts('lower', 1, SIZE, 3);
  const answers = await panel.annotate(ids.map((id) => byId.get(id)!));
  const lines = answers.flatMap((answer) =>
    answer.status === 'labelled'
      ? answer.labels.map((label) => JSON.stringify({ ...label, item: answer.item, role: 'expert' }))
      : [],
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
}

const predictions = (run: string, version: number) => runScores(join(temp.dir, run), version);

beforeAll(writeDatasets);

describe('a sharded pool through the CLI', () => {
  it('init scans the shards and records them, leaving them in place', async () => {
    const result = await ok(['init', 'run', '--dataset', sharded, ...INIT]);
    expect(result.stdout).toContain(`${SIZE} items of ${sharded}`);
    expect(result.stdout).toContain('in 3 shard(s)');
    expect(result.stderr).toContain('scanning shards');
    expect(result.stdout).toContain(`ledger: ${SIZE} crowd label(s) from the dataset`);
  });

  it('prelabel gives the same scores as the same pool unsharded', async () => {
    await ok(['prelabel', 'run', ...LOCAL]);
    await ok(['init', 'plain-run', '--dataset', plain, ...INIT]);
    await ok(['prelabel', 'plain-run', '--quiet']);
    const [shardedScores, plainScores] = [await predictions('run', 0), await predictions('plain-run', 0)];
    expect(shardedScores.some(Number.isNaN)).toBe(false);
    expect(shardedScores).toEqual(plainScores);
  });

  it('select, import, step and status work on it; the batch equals the unsharded run', async () => {
    const selected = JSON.parse((await ok(['select', 'run', '--json', ...LOCAL])).stdout) as {
      items: string[];
    };
    const plainSelected = JSON.parse((await ok(['select', 'plain-run', '--json'])).stdout) as {
      items: string[];
    };
    expect(selected.items).toHaveLength(100);
    expect(selected.items).toEqual(plainSelected.items);
    const labels = join(temp.dir, 'labels.jsonl');
    await expertLabels(selected.items, labels);
    await ok(['import', 'run', labels]);
    await ok(['import', 'plain-run', labels]);
    await ok(['step', 'run', ...LOCAL]);
    await ok(['step', 'plain-run']);
    // Version 1 is a saved local model: its pool scores ran as shard jobs.
    const version1 = await predictions('run', 1);
    expect(version1.some(Number.isNaN)).toBe(false);
    expect(version1).toEqual(await predictions('plain-run', 1));
    const status = JSON.parse((await ok(['status', 'run', '--json'])).stdout);
    const plainStatus = JSON.parse((await ok(['status', 'plain-run', '--json'])).stdout);
    expect(status.modelVersion).toBe(1);
    expect(status.iterations).toEqual(plainStatus.iterations);
    // The dataset's crowd labels are in both ledgers: crowd vs experts on the curated set, equal.
    expect(status.ledger.crowd).toBe(SIZE);
    expect(status.ledger).toEqual(plainStatus.ledger);
    const crowdKappa = status.iterations.at(-1).crowdExpertKappa;
    expect(crowdKappa).not.toBeNull();
    expect(crowdKappa).toEqual(plainStatus.iterations.at(-1).crowdExpertKappa);
    expect(status.shards).toMatchObject({ count: 3 });
    expect(status.shards.passes.map((pass: { pass: string }) => pass.pass).sort()).toEqual([
      'embed',
      'score',
    ]);
    const human = (await ok(['status', 'run'])).stdout;
    expect(human).toContain('shards: 3 shard file(s)');
    expect(human).toMatch(/embed pass: 3\/3 shards, 6000 items/);
  });

  it('selects boundary pairs by streaming over the shards (the assign pass as shard jobs)', async () => {
    await ok(['init', 'bp', '--dataset', sharded, ...BASE, ...PAPER_PAIRS]);
    await ok(['prelabel', 'bp', ...LOCAL, '--quiet']);
    const selected = JSON.parse((await ok(['select', 'bp', '--json', ...LOCAL])).stdout) as {
      items: string[];
    };
    expect(selected.items).toHaveLength(100);
    expect(new Set(selected.items).size).toBe(100);
    const review = readFileSync(join(temp.dir, 'bp', 'review', 'iteration-1.jsonl'), 'utf8');
    expect(review).toContain('boundary pair with');
    expect(readdirSync(join(temp.dir, 'bp', 'shards'))).toContain('assign');
    const status = JSON.parse((await ok(['status', 'bp', '--json'])).stdout);
    expect(status.shards.passes.map((pass: { pass: string }) => pass.pass)).toContain('assign');
    // The experts' page reads the batch's items from the shards by index; a decision goes to the ledger.
    const { backend } = await openRunStoreBackend(join(temp.dir, 'bp'));
    try {
      expect(backend.batch.items.map((item) => item.id)).toEqual(selected.items);
      const byId = new Map(items.map((item) => [item.id, item.text]));
      for (const item of backend.batch.items) expect(item.text).toBe(byId.get(item.id));
      expect((await backend.decide('ana', selected.items[0]!, backend.batch.positive)).status).toBe(
        'recorded',
      );
    } finally {
      await backend.close();
    }
  });

  it('says which Redis it cannot reach and how to start workers; refuses a queue without one', async () => {
    const unreachable = await call([
      'prelabel',
      'bp',
      '--executor',
      'queue',
      '--redis',
      'redis://127.0.0.1:1',
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('no Redis reachable at redis://127.0.0.1:1');
    expect(unreachable.stderr).toContain('borderline worker --redis redis://127.0.0.1:1');
    const none = await call(['select', 'bp', '--executor', 'queue']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('give --redis redis://host:port or set BORDERLINE_REDIS_URL');
    const plain = await call(['status', 'plain-run']);
    expect(plain.code).toBe(0);
    const ignored = await call(['select', 'plain-run', '--executor', 'queue']);
    expect(ignored.stderr).toContain("this run's pool is not sharded: its work runs in this process");
    const worker = await call(['worker', '--redis', 'redis://127.0.0.1:1']);
    expect(worker.code).toBe(1);
    expect(worker.stderr).toContain('no Redis reachable at redis://127.0.0.1:1');
    expect(worker.stderr).toContain('start one (e.g. redis-server --port 1)');
    expect(worker.stderr).not.toContain('start workers');
  });

  it('refuses a run whose shard file went missing, naming it', async () => {
    const file = join(sharded, 'items', '002.jsonl');
    const saved = readFileSync(file);
    rmSync(file);
    try {
      const status = await call(['status', 'bp']);
      expect(status.code).toBe(1);
      expect(status.stderr).toContain(`shard ${file} of the run's pool is missing`);
    } finally {
      writeFileSync(file, saved);
    }
    await ok(['status', 'bp']);
  });

  it('run --annotators recorded goes to the stop on a sharded pool with its labels file', async () => {
    const dir = join(temp.dir, 'with-labels');
    mkdirSync(join(dir, 'items'), { recursive: true });
    writeFileSync(join(dir, 'dataset.json'), readFileSync(join(sharded, 'dataset.json')));
    await writeItems(join(dir, 'items', '0.jsonl'), items.slice(0, 3000));
    await writeItems(join(dir, 'items', '1.jsonl'), items.slice(3000, 6000));
    await expertLabels(
      items.slice(0, SIZE).map((item) => item.id),
      join(dir, 'labels.jsonl'),
    );
    // Three iterations: version 2 is the first model whose own version (1: the base adapted once) differs from
    // the run's, and its score pass once refused it (regression).
    await ok(['init', 'recorded', '--dataset', dir, ...INIT, '--max-iterations', '3']);
    const report = JSON.parse(
      (await ok(['run', 'recorded', '--annotators', 'recorded', '--json', ...LOCAL])).stdout,
    );
    expect(report.stop.reason).toBe('max-iterations');
    expect(report.iterations).toHaveLength(4);
    expect(report.ledger.expert).toBeGreaterThan(0);
    const exported = join(temp.dir, 'exported.jsonl');
    await ok(['export', 'recorded', '--labels', exported]);
    const lines = readFileSync(exported, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(report.ledger.labels);
  });

  it('refuses k-center on a sharded pool, and options that do not apply, saying why', async () => {
    const kCenter = await call(['init', 'k', '--dataset', sharded, ...BASE, '--policy', 'k-center']);
    expect(kCenter.code).toBe(1);
    expect(kCenter.stderr).toMatch(/policy "k-center" cannot run on a sharded pool: .*in memory/);
    const limit = await call(['init', 'l', '--dataset', sharded, ...INIT, '--limit', '10']);
    expect(limit.code).toBe(1);
    expect(limit.stderr).toContain('--limit do not apply to a sharded dataset');
  });
});
