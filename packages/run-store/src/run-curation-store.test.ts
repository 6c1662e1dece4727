import { join } from 'node:path';
import {
  createCurationConfig,
  createMemoryStore,
  type ExecuteCurationOptions,
  executeCuration,
  startCuration,
} from '@borderline/loop';
import {
  fakeClassifier,
  fakeEmbedder,
  fakePanel,
  fakePool,
  fakeUncertaintyPolicy,
  newLog,
} from '@borderline/loop/testing';
import type { Classifier } from '@borderline/runners';
import type { Selection } from '@borderline/sampling';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { openRunStore } from './open-run-store';
import { runCurationStore } from './run-curation-store';
import { selectionEntries } from './selection-reasons';
import type { RunStore } from './types';

const config = createCurationConfig({
  labels: ['no', 'yes'],
  positive: 'yes',
  batchSize: 30,
  seed: 4,
  stop: { maxIterations: 2, plateau: undefined },
});
const opened: RunStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

async function duckRun(size: number) {
  const store = await openRunStore(join(tempDir('borderline-port-').dir, 'run'), { mode: 'create' });
  opened.push(store);
  const pool = fakePool(size);
  await store.insertItems(pool.ids.map((id, index) => ({ id, text: pool.texts[index]! })));
  return { store, pool };
}

function options(pool: ReturnType<typeof fakePool>): Omit<ExecuteCurationOptions, 'store'> {
  return {
    models: { starting: fakeClassifier(newLog()), embedder: fakeEmbedder },
    policy: fakeUncertaintyPolicy,
    annotator: fakePanel(pool),
  };
}

describe("runCurationStore (the loop's port over DuckDB)", () => {
  it('runs the executor to the same state as the in-memory store, recording the run as it goes', async () => {
    const { store, pool } = await duckRun(300);
    const port = await runCurationStore(store);
    const duck = await executeCuration(startCuration(config, 300).state, {
      ...options(pool),
      store: port,
      chunkSize: 64,
    });
    const memory = await executeCuration(startCuration(config, 300).state, {
      ...options(pool),
      store: createMemoryStore({ ids: pool.ids, texts: pool.texts }),
    });
    expect(JSON.stringify(duck.state)).toBe(JSON.stringify(memory.state));
    expect(await store.readLoopState()).toEqual(duck.state);
    expect((await store.readIterations()).map((entry) => entry.record)).toEqual(duck.state.history);
    expect((await store.models()).map((model) => model.version)).toEqual([0, 1, 2]);
    expect(await store.readSelection(1)).toHaveLength(30);
    const experts = await store.readLabels({ role: 'expert' });
    expect(new Set(experts.map((entry) => entry.item)).size).toBe(60);
    // The final model is measured on the evaluation items only: the stop needs no pool scores of it.
    expect(await store.predictedCount(1)).toBe(300);
    expect(await store.predictedCount(2)).toBe(0);
  });

  it('joins an open transaction: a failure rolls back every effect of it', async () => {
    const { store, pool } = await duckRun(200);
    const port = await runCurationStore(store);
    const start = startCuration(config, 200).state;
    await expect(
      store.transaction(async () => {
        await executeCuration(start, {
          ...options(pool),
          store: port,
          until: (effect) => effect.type === 'adapt',
        });
        throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    expect(await store.readLoopState()).toBeUndefined();
    expect(await store.predictedCount(0)).toBe(0);
    expect(await store.readLabels()).toEqual([]);
  });

  it('reads saved model versions back with the given loader, and refuses none silently', async () => {
    const { store, pool } = await duckRun(200);
    const loaded: Classifier[] = [];
    const saving = { ...fakeClassifier(newLog()), save: () => Uint8Array.of(1, 2, 3) };
    await (await runCurationStore(store)).commit({
      state: startCuration(config, 200).state,
      events: [],
      model: { version: 1, classifier: saving },
    });
    const port = await runCurationStore(store, {
      loadModel: async (bytes) => {
        expect(Array.from(bytes)).toEqual([1, 2, 3]);
        const model = fakeClassifier(newLog());
        loaded.push(model);
        return model;
      },
    });
    expect(await port.loadModel(1)).toBe(loaded[0]);
    expect(await port.loadModel(2)).toBeUndefined();
    expect(pool.ids).toHaveLength(200);
  });
});

describe('selectionEntries', () => {
  it('gives a pair its partner and a fallback-filled item the policy that chose it (regression: "boundary-pairs rank N")', () => {
    const selection: Selection = {
      policy: 'boundary-pairs',
      items: Int32Array.of(4, 7, 2),
      chosenBy: ['boundary-pairs', 'boundary-pairs', 'uncertainty'],
      fallback: { policy: 'uncertainty', items: 1, from: 2 },
      pairs: [
        {
          positive: 4,
          negative: 7,
          positiveCluster: 0,
          negativeCluster: 1,
          distance: 0.25,
          overlap: 0.5,
          reason: 'pick 1 of 3',
        },
      ],
      warnings: [],
    };
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    expect(selectionEntries(selection, (item) => ids[item])).toEqual([
      { rank: 0, item: 'e', reason: 'boundary pair with h (distance 0.250): pick 1 of 3' },
      { rank: 1, item: 'h', reason: 'boundary pair with e (distance 0.250): pick 1 of 3' },
      { rank: 2, item: 'c', reason: 'uncertainty rank 3 (fallback for boundary-pairs)' },
    ]);
  });

  it('tells an uncertainty fallback from an uncertainty share of the same batch', () => {
    const selection: Selection = {
      policy: 'boundary-pairs',
      items: Int32Array.of(5, 1, 6, 2),
      chosenBy: ['uncertainty', 'uncertainty', 'uncertainty', 'uncertainty'],
      fallback: { policy: 'uncertainty', items: 2, from: 0 },
      warnings: [],
    };
    expect(selectionEntries(selection, (item) => `i${item}`).map((entry) => entry.reason)).toEqual([
      'uncertainty rank 1 (fallback for boundary-pairs)',
      'uncertainty rank 2 (fallback for boundary-pairs)',
      'uncertainty rank 3 (part of boundary-pairs)',
      'uncertainty rank 4 (part of boundary-pairs)',
    ]);
  });

  it("does not call the policy's own other choices a fallback (a score-strata first batch)", () => {
    const selection: Selection = {
      policy: 'boundary-pairs',
      items: Int32Array.of(3, 0),
      chosenBy: ['score-strata', 'score-strata'],
      warnings: [],
    };
    expect(selectionEntries(selection, (item) => `i${item}`)).toEqual([
      { rank: 0, item: 'i3', reason: 'score-strata rank 1 (part of boundary-pairs)' },
      { rank: 1, item: 'i0', reason: 'score-strata rank 2 (part of boundary-pairs)' },
    ]);
  });
});
