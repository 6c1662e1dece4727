import { join } from 'node:path';
import { createCurationConfig, startCuration } from '@borderline/loop';
import { createLocalClassifier, createLocalEmbedder } from '@borderline/runners';
import { createLocalExecutor, type ShardExecutor, scanShards } from '@borderline/shards';
import { syntheticAd, syntheticLabel, writeSyntheticPool } from '@borderline/shards/testing';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { openRunStore } from './open-run-store';
import { runCurationStore } from './run-curation-store';

/** Every `readFileSync` of this file's modules is recorded, with whether a shard job was running at the time. */
const recorded = vi.hoisted(() => ({ inJobs: 0, reads: [] as { path: string; inJob: boolean }[] }));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((...args: Parameters<typeof actual.readFileSync>) => {
    recorded.reads.push({ path: String(args[0]), inJob: recorded.inJobs > 0 });
    return actual.readFileSync(...args);
  }) as typeof actual.readFileSync;
  return { ...actual, readFileSync };
});

const COUNT = 90;
const root = tempDir('borderline-shard-passes-').dir;

/** The in-process executor, counting when its jobs run (they read the model file themselves). */
function countingExecutor(): ShardExecutor {
  const local = createLocalExecutor({ processes: 0 });
  return {
    kind: local.kind,
    run: async (jobs, hooks) => {
      recorded.inJobs++;
      try {
        return await local.run(jobs, hooks);
      } finally {
        recorded.inJobs--;
      }
    },
    close: () => local.close(),
  };
}

describe('shardPasses', () => {
  it('resolves a version score pass once: this process reads its model file once, for the run and the read', async () => {
    await writeSyntheticPool(join(root, 'pool'), COUNT, 30);
    const manifest = await scanShards(join(root, 'pool'));
    const runDir = join(root, 'run');
    const store = await openRunStore(runDir, { mode: 'create' });
    const config = createCurationConfig({ labels: ['benign', 'violating'], positive: 'violating' });
    await store.transaction(async () => {
      await store.writeShardManifest(manifest);
      await store.writeLoopState(startCuration(config, COUNT).state);
    });
    try {
      const port = await runCurationStore(store, {
        shards: { executor: countingExecutor(), embedder: 'glove' },
      });
      const embedder = createLocalEmbedder();
      const space = { embedderId: embedder.modelId, dimensions: embedder.dimensions };
      const texts = Array.from({ length: COUNT }, (_, index) => syntheticAd(1, index).text);
      const vectors = await embedder.embed(texts);
      const labels = Uint8Array.from(texts, syntheticLabel);
      const base = createLocalClassifier({ size: 'small', embedder, seed: 2 });
      const modelReads = () =>
        recorded.reads.filter((read) => !read.inJob && read.path.startsWith(join(runDir, 'models')));

      for (const [version, rows] of [
        [1, 40],
        [2, 90],
      ] as const) {
        const model = await base.head!.adaptEmbedded(
          vectors.subarray(0, rows * 128),
          labels.subarray(0, rows),
        );
        const before = modelReads().length;
        const scores = await port.passes!.score(version, model, space);
        expect(scores).toEqual(await model.head!.classifyEmbedded(vectors));
        // Resolving the pass reads and hashes the model; reading the scores back uses the same resolution.
        expect(modelReads().length - before).toBe(1);
        // The jobs read it too, in this process (processes: 0), which shows the filter sees these reads.
        expect(
          recorded.reads.some((read) => read.inJob && read.path.startsWith(join(runDir, 'models'))),
        ).toBe(true);
      }
      // Scored in full, a version is read from `predictions`: nothing is resolved.
      const before = modelReads().length;
      expect(await port.passes!.score(2, base, space)).toEqual(await store.readPredictions(2, COUNT));
      expect(modelReads().length).toBe(before);
    } finally {
      store.close();
    }
  });

  it('runs the embed pass once per space while open: embed and scoring share its vectors, a failed run runs again', async () => {
    await writeSyntheticPool(join(root, 'pool-embed-once'), COUNT, 30);
    const manifest = await scanShards(join(root, 'pool-embed-once'));
    const runDir = join(root, 'run-embed-once');
    const store = await openRunStore(runDir, { mode: 'create' });
    const config = createCurationConfig({ labels: ['benign', 'violating'], positive: 'violating' });
    await store.transaction(async () => {
      await store.writeShardManifest(manifest);
      await store.writeLoopState(startCuration(config, COUNT).state);
    });
    const local = createLocalExecutor({ processes: 0 });
    const runs: number[] = [];
    let failNext = true;
    const executor: ShardExecutor = {
      kind: local.kind,
      run: async (jobs, hooks) => {
        runs.push(jobs.length);
        if (failNext) {
          failNext = false;
          throw new Error('executor down');
        }
        return local.run(jobs, hooks);
      },
      close: () => local.close(),
    };
    try {
      const port = await runCurationStore(store, { shards: { executor, embedder: 'glove' } });
      const embedder = createLocalEmbedder();
      const space = { embedderId: embedder.modelId, dimensions: embedder.dimensions };
      await expect(port.passes!.embed(space)).rejects.toThrow(/executor down/);
      const vectors = await port.passes!.embed(space);
      expect(await port.passes!.embed(space)).toBe(vectors);
      expect(runs).toEqual([manifest.shards.length, manifest.shards.length]);
      // Scoring a version reuses the vectors: the only executor run is the score pass's.
      const texts = Array.from({ length: COUNT }, (_, index) => syntheticAd(1, index).text);
      const model = await createLocalClassifier({ size: 'small', embedder, seed: 2 }).head!.adaptEmbedded(
        await embedder.embed(texts.slice(0, 40)),
        Uint8Array.from(texts.slice(0, 40), syntheticLabel),
      );
      await port.passes!.score(1, model, space);
      expect(runs).toHaveLength(3);
      const aborted = new AbortController();
      aborted.abort();
      await expect(port.passes!.embed(space, { signal: aborted.signal })).rejects.toMatchObject({
        code: 'aborted',
      });
    } finally {
      store.close();
    }
  });
});
