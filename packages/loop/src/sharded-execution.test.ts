import { createPolicy, streamingAssign } from '@borderline/sampling';
import { describe, expect, it } from 'vitest';
import { createCurationConfig } from './config';
import { executeCuration } from './execute-curation';
import { createMemoryStore } from './memory-store';
import { checkShardedPolicy, createShardedPolicy } from './sharded-policy';
import { startCuration } from './state';
import { fakeClassifier, fakeEmbedder, fakePanel, fakePool, fakeShardedStore, newLog } from './testing';

const config = createCurationConfig({
  labels: ['no', 'yes'],
  positive: 'yes',
  batchSize: 40,
  seed: 5,
  stop: { maxIterations: 3, plateau: undefined },
});

function run(sharded: boolean, policy: 'uncertainty' | 'stratified', sides?: 'labelled-share') {
  const pool = fakePool(600);
  const inner = createMemoryStore({ ids: pool.ids, texts: pool.texts });
  const store = sharded ? fakeShardedStore(inner, fakeEmbedder, 128) : inner;
  const runConfig = sides === undefined ? config : { ...config, sides };
  const outcome = executeCuration(startCuration(runConfig, 600).state, {
    store,
    models: { starting: fakeClassifier(newLog(), { withHead: true }), embedder: fakeEmbedder },
    policy: createPolicy(policy),
    shardedPolicy: createShardedPolicy(policy),
    annotator: fakePanel(pool),
  });
  return { outcome, store, inner };
}

describe('executeCuration over a sharded store', () => {
  it.each(['uncertainty', 'stratified'] as const)(
    'reaches the same state as the in-memory path (%s), reading only the rows it needs',
    async (policy) => {
      const memory = run(false, policy);
      const sharded = run(true, policy);
      const outcome = await sharded.outcome;
      expect(outcome.status).toBe('done');
      expect(outcome.state).toEqual((await memory.outcome).state);
      for (const version of [0, 1, 2]) {
        expect(await sharded.inner.readScores(version)).toEqual(await memory.inner.readScores(version));
      }
      // Texts were read for the batches only (annotate), never for the whole pool.
      const store = sharded.store as ReturnType<typeof fakeShardedStore>;
      expect(store.textReads.length).toBeLessThan(600);
    },
  );

  it('selects on the same predicted sides as the in-memory path under sides: labelled-share', async () => {
    const memory = run(false, 'stratified', 'labelled-share');
    const sharded = run(true, 'stratified', 'labelled-share');
    const outcome = await sharded.outcome;
    expect(outcome.status).toBe('done');
    expect(outcome.state).toEqual((await memory.outcome).state);
  });

  it('refuses k-center on a sharded pool, saying why', () => {
    expect(() => createShardedPolicy('k-center')).toThrow(
      /k-center.*cannot run on a sharded pool: .*in memory/,
    );
    expect(() => createShardedPolicy('boundary-pairs', { fallback: 'k-center' })).toThrow(
      /fallback "k-center"/,
    );
    expect(() => checkShardedPolicy('margin')).not.toThrow();
  });

  it('fails clearly when a sharded store is given no sharded policy', async () => {
    const pool = fakePool(100);
    const store = fakeShardedStore(createMemoryStore({ ids: pool.ids, texts: pool.texts }), fakeEmbedder, 30);
    await expect(
      executeCuration(startCuration(config, 100).state, {
        store,
        models: { starting: fakeClassifier(newLog(), { withHead: true }), embedder: fakeEmbedder },
        policy: createPolicy('uncertainty'),
        annotator: fakePanel(pool),
      }),
    ).rejects.toThrow(/sharded policy/);
  });
});

describe('boundary pairs over a sharded store', () => {
  it('streams the selection, with the assignment pass the store runs', async () => {
    const pool = fakePool(600);
    const inner = createMemoryStore({ ids: pool.ids, texts: pool.texts });
    const base = fakeShardedStore(inner, fakeEmbedder, 128);
    let assigned = 0;
    const store = {
      ...base,
      passes: {
        ...base.passes!,
        assign: () => {
          return async (request: Parameters<ReturnType<typeof streamingAssign>>[0]) => {
            assigned++;
            return streamingAssign(await base.passes!.embed({ embedderId: 'fake-2d', dimensions: 2 }))(
              request,
            );
          };
        },
      },
    };
    const outcome = await executeCuration(startCuration(config, 600).state, {
      store,
      models: { starting: fakeClassifier(newLog(), { withHead: true }), embedder: fakeEmbedder },
      policy: createPolicy('boundary-pairs'),
      shardedPolicy: createShardedPolicy('boundary-pairs', { fallback: 'uncertainty', k: 4 }),
      annotator: fakePanel(pool),
    });
    expect(outcome.status).toBe('done');
    expect(assigned).toBeGreaterThan(0);
    for (const batch of outcome.state.batches) expect(batch.items).toHaveLength(40);
    const all = outcome.state.batches.flatMap((batch) => batch.items);
    expect(new Set(all).size).toBe(all.length);
  });
});
