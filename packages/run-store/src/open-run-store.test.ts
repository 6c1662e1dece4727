import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Label } from '@borderline/core';
import { createCurationConfig, type IterationRecord, startCuration } from '@borderline/loop';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { openRunStore, RUN_DATABASE } from './open-run-store';
import type { RunStore } from './types';

const open: RunStore[] = [];

function freshDir(): string {
  return join(tempDir('borderline-store-').dir, 'run');
}

async function create(dir = freshDir()): Promise<RunStore> {
  const store = await openRunStore(dir, { mode: 'create' });
  open.push(store);
  return store;
}

afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

const figure = { value: 0.5, ci95: [0.3, 0.7] as const, n: 40 };
const ITERATION: IterationRecord = {
  iteration: 0,
  modelVersion: 1,
  selected: 100,
  labelled: 98,
  unavailable: 2,
  reviewed: 100,
  fineTuneExamples: 60,
  evalExamples: 38,
  evalPositives: 12,
  positiveShare: 0.3,
  kappa: figure,
  internalAlignment: figure,
  ties: 1,
};

const label = (item: string, annotator: string, value: string): Label => ({
  item,
  annotator,
  role: 'expert',
  label: value,
});

describe('openRunStore', () => {
  it('keeps items, meta, iterations, selections and loop state across a reopen', async () => {
    const store = await create();
    await store.insertItems([
      { id: 'a', text: 'first', meta: { k: 1 } },
      { id: 'b', text: 'second' },
    ]);
    await store.setMeta('config', { budget: 10 });
    await store.writeSelection(1, [
      { rank: 0, item: 'b', reason: 'pair 1' },
      { rank: 1, item: 'a' },
    ]);
    const { state } = startCuration(createCurationConfig({ labels: ['no', 'yes'], positive: 'yes' }), 2);
    const record = { ...ITERATION, iteration: 1 };
    await store.writeIteration(1, record);
    await store.writeLoopState(state);
    store.close();
    open.pop();
    const again = await openRunStore(store.dir, { mode: 'read' });
    open.push(again);
    expect(await again.readItems()).toEqual([
      { id: 'a', text: 'first', meta: { k: 1 } },
      { id: 'b', text: 'second' },
    ]);
    expect(await again.getMeta('config')).toEqual({ budget: 10 });
    expect(await again.readSelection(1)).toEqual([
      { rank: 0, item: 'b', reason: 'pair 1' },
      { rank: 1, item: 'a' },
    ]);
    expect(await again.readIterations()).toEqual([{ iteration: 1, record }]);
    expect(await again.readLoopState()).toEqual(state);
  });

  it('refuses to create over a run and to open a missing one', async () => {
    const store = await create();
    await expect(openRunStore(store.dir, { mode: 'create' })).rejects.toMatchObject({ code: 'run-state' });
    await expect(openRunStore(join(store.dir, 'nope'))).rejects.toMatchObject({ code: 'not-found' });
  });

  it('stores predictions and embeddings in chunks and counts the contiguous prefix', async () => {
    const store = await create();
    await store.writePredictions(0, 0, Float64Array.from([0.1, 0.2]));
    await store.writePredictions(0, 2, Float64Array.from([0.3]));
    await store.writePredictions(0, 5, Float64Array.from([0.9]));
    expect(await store.predictedCount(0)).toBe(3);
    expect(await store.predictedCount(1)).toBe(0);
    const scores = await store.readPredictions(0, 6);
    expect([...scores.subarray(0, 3)]).toEqual([0.1, 0.2, 0.3]);
    expect(Number.isNaN(scores[3])).toBe(true);
    expect(scores[5]).toBe(0.9);

    await store.writeEmbeddings('e', 0, 2, Float32Array.from([1, 2, 3, 4]));
    await expect(store.readEmbeddings('e', 3, 2)).rejects.toMatchObject({ code: 'run-state' });
    await store.writeEmbeddings('e', 2, 2, Float32Array.from([5, 6]));
    expect(await store.embeddedCount('e')).toBe(3);
    expect([...(await store.readEmbeddings('e', 3, 2))]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('appends labels once: the same labels again add nothing, contradictions are refused by id', async () => {
    const store = await create();
    const first = await store.appendLabels([label('a', 'x', 'pos'), label('b', 'x', 'neg')], {
      source: 'f.jsonl',
      sha256: 'h1',
      iteration: 1,
    });
    expect(first).toEqual({ batch: 'batch-0001', added: 2, duplicates: 0 });
    const second = await store.appendLabels([label('a', 'x', 'pos'), label('a', 'y', 'neg')], {
      source: 'g.jsonl',
      sha256: 'h2',
    });
    expect(second).toMatchObject({ added: 1, duplicates: 1 });
    await expect(
      store.appendLabels([label('c', 'x', 'pos'), label('b', 'x', 'pos')], { source: 'h', sha256: 'h3' }),
    ).rejects.toThrow(/b \(x: "neg" already recorded, now "pos"\)/);
    const ledger = await store.readLabels();
    expect(ledger.map((entry) => [entry.seq, entry.item, entry.annotator, entry.batch])).toEqual([
      [1, 'a', 'x', 'batch-0001'],
      [2, 'b', 'x', 'batch-0001'],
      [3, 'a', 'y', 'batch-0002'],
    ]);
    expect((await store.findBatch('h1'))?.batch).toBe('batch-0001');
    expect(await store.findBatch('h3')).toBeUndefined();
    expect((await store.batches()).map((batch) => batch.added)).toEqual([2, 1]);
  });

  it('rolls a transaction back as a whole', async () => {
    const store = await create();
    await expect(
      store.transaction(async () => {
        await store.insertItems([{ id: 'a', text: 't' }]);
        await store.appendLabels([label('a', 'x', 'pos')], { source: 's', sha256: 'h' });
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect(await store.itemCount()).toBe(0);
    expect(await store.readLabels()).toEqual([]);
  });

  it('writes a model file under its hash before the row, and checks the hash on read', async () => {
    const store = await create();
    const bytes = Uint8Array.from([1, 2, 3, 4]);
    const record = await store.saveModel({
      version: 1,
      provider: 'local',
      modelId: 'local-small',
      bytes,
      info: { size: 'small' },
    });
    expect(record.file).toBe(`models/${record.sha256}.bin`);
    expect(readdirSync(join(store.dir, 'models'))).toEqual([`${record.sha256}.bin`]);
    expect([...(await store.readModelBytes(1))]).toEqual([1, 2, 3, 4]);
    writeFileSync(join(store.dir, record.file ?? ''), Uint8Array.from([9]));
    await expect(store.readModelBytes(1)).rejects.toThrow(/does not match its hash/);
    expect((await store.models())[0]).toMatchObject({ version: 1, info: { size: 'small' } });
  });

  it('refuses a second writer in this process with run-locked', async () => {
    const store = await create();
    await expect(openRunStore(store.dir)).rejects.toMatchObject({ code: 'run-locked' });
  });

  it('refuses a second writer in another process with run-locked', async () => {
    const store = await create();
    store.close();
    open.pop();
    const holder = holdLock(join(store.dir, RUN_DATABASE));
    try {
      await holder.ready;
      await expect(openRunStore(store.dir)).rejects.toMatchObject({
        code: 'run-locked',
        message: expect.stringContaining('run is locked'),
      });
    } finally {
      holder.child.kill('SIGKILL');
      await holder.exited;
    }
    // The lock dies with its process: the run opens again.
    const again = await openRunStore(store.dir);
    open.push(again);
    expect(existsSync(join(store.dir, RUN_DATABASE))).toBe(true);
    expect(readFileSync(join(store.dir, RUN_DATABASE)).length).toBeGreaterThan(0);
  });
});

/** A plain node process that opens the database with DuckDB and holds it until killed. */
function holdLock(file: string): { child: ChildProcess; ready: Promise<void>; exited: Promise<void> } {
  const script = `import { DuckDBInstance } from '@duckdb/node-api';
const instance = await DuckDBInstance.create(${JSON.stringify(file)});
await instance.connect();
process.stdout.write('held\\n');
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('held')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, ready, exited };
}
