import { describe, expect, it } from 'vitest';
import { createCurationConfig } from './config';
import { runCuration } from './run-curation';
import { fakeClassifier, fakeEmbedder, fakePanel, fakePool, fakeUncertaintyPolicy, newLog } from './testing';
import type { CurationEvent } from './types';

const config = createCurationConfig({
  labels: ['no', 'yes'],
  positive: 'yes',
  batchSize: 60,
  seed: 11,
  stop: { maxIterations: 4, plateau: undefined, target: 'alignment' },
});

describe('runCuration', () => {
  it('runs the loop in memory on the head fast path, embedding the pool once', async () => {
    const pool = fakePool(2000);
    const log = newLog();
    let embedded = 0;
    const events: CurationEvent[] = [];
    const versions: number[] = [];
    const run = await runCuration({
      onModel: (model) => {
        versions.push(model.version);
      },
      config,
      pool: { ids: pool.ids, texts: pool.texts },
      classifier: fakeClassifier(log),
      embedder: {
        ...fakeEmbedder,
        embed: async (texts) => {
          embedded++;
          return fakeEmbedder.embed(texts);
        },
      },
      annotator: fakePanel(pool, { unavailableShare: 0.05 }),
      policy: fakeUncertaintyPolicy,
      onEvent: (event) => events.push(event),
    });
    expect(embedded).toBe(1);
    expect(log.classify + log.adapt).toBe(0);
    expect(log.adaptEmbedded).toBe(run.state.modelVersion);
    const { history, stop } = run.state;
    expect(stop?.stop).toBe(true);
    expect(history[0]!.iteration).toBe(0);
    expect(history.at(-1)!.iteration).toBe(run.state.iteration);
    // The starting model's boundary is off; trained on expert labels, the model agrees better.
    expect(history.at(-1)!.kappa.value!).toBeGreaterThan(history[0]!.kappa.value!);
    expect(run.state.unavailable.length).toBeGreaterThan(0);
    // Adapt semantics: every version is the base adapted on all fine-tune examples so far.
    expect(run.model.version).toBe(1);
    // onModel sees M_0, then each adapted model (each the base adapted once: runner version 1).
    expect(versions).toEqual([0, ...Array.from({ length: run.state.modelVersion }, () => 1)]);
    const kinds = new Set(events.map((event) => event.type));
    for (const kind of [
      'iteration-started',
      'scored',
      'selected',
      'annotated',
      'split',
      'adapted',
      'evaluated',
      'stopped',
      'timing',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it('is deterministic for a seed and uses the text path when the head reads another embedder', async () => {
    const pool = fakePool(800);
    const once = async () => {
      const log = newLog();
      const run = await runCuration({
        config,
        pool: {
          ids: pool.ids,
          texts: pool.texts,
          embeddings: pool.embeddings,
          dimensions: 2,
          embedderId: 'other',
        },
        classifier: fakeClassifier(log),
        annotator: fakePanel(pool),
        policy: fakeUncertaintyPolicy,
      });
      return { log, run };
    };
    const first = await once();
    const second = await once();
    expect(first.log.classifyEmbedded + first.log.adaptEmbedded).toBe(0);
    expect(first.log.classify).toBeGreaterThan(0);
    expect(JSON.stringify(second.run.state)).toBe(JSON.stringify(first.run.state));
  });

  it('adapts the trainer (the base), not LLM-0 nor the previous version, at every iteration', async () => {
    const pool = fakePool(500);
    const llmLog = newLog();
    const trainerLog = newLog();
    await runCuration({
      config: createCurationConfig({ ...config, stop: { ...config.stop, maxIterations: 3 } }),
      pool: {
        ids: pool.ids,
        texts: pool.texts,
        embeddings: pool.embeddings,
        dimensions: 2,
        embedderId: 'fake-2d',
      },
      classifier: fakeClassifier(llmLog, { withHead: false }),
      trainer: fakeClassifier(trainerLog),
      annotator: fakePanel(pool),
      policy: fakeUncertaintyPolicy,
    });
    expect(llmLog.adapt + llmLog.adaptEmbedded).toBe(0);
    expect(trainerLog.adaptEmbedded).toBe(3);
    expect(trainerLog.adaptSizes).toEqual([...trainerLog.adaptSizes].sort((a, b) => a - b));
    expect(new Set(trainerLog.adaptSizes).size).toBe(3);
    expect(trainerLog.adaptedFrom).toEqual([0, 0, 0]);
  });

  it('stops when aborted', async () => {
    const pool = fakePool(200);
    const controller = new AbortController();
    controller.abort();
    await expect(
      runCuration({
        config,
        pool: { ids: pool.ids, texts: pool.texts, embeddings: pool.embeddings, dimensions: 2 },
        classifier: fakeClassifier(newLog()),
        annotator: fakePanel(pool),
        policy: fakeUncertaintyPolicy,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'aborted' });
  });
});
