import { describe, expect, it } from 'vitest';
import { createCurationConfig } from './config';
import { executeCuration } from './execute-curation';
import type { ExecuteCurationOptions, ExecutionEvent } from './execution-types';
import { createMemoryStore } from './memory-store';
import { startCuration } from './state';
import { fakeClassifier, fakeEmbedder, fakePanel, fakePool, fakeUncertaintyPolicy, newLog } from './testing';
import type { CurationState } from './types';

const config = createCurationConfig({
  labels: ['no', 'yes'],
  positive: 'yes',
  batchSize: 40,
  seed: 5,
  stop: { maxIterations: 3, plateau: undefined },
});
const space = { embedderId: 'fake-2d', dimensions: 2 };

function setUp(size = 600) {
  const pool = fakePool(size);
  const store = createMemoryStore({ ids: pool.ids, texts: pool.texts });
  const options: ExecuteCurationOptions = {
    store,
    models: { starting: fakeClassifier(newLog()), embedder: fakeEmbedder },
    policy: fakeUncertaintyPolicy,
    annotator: fakePanel(pool),
  };
  return { pool, store, options, state: startCuration(config, size).state };
}

describe('executeCuration', () => {
  it('embeds the pool in chunks, then runs every effect to the stop', async () => {
    const { store, options, state } = setUp();
    const events: ExecutionEvent[] = [];
    const outcome = await executeCuration(state, {
      ...options,
      chunkSize: 250,
      onEvent: (e) => events.push(e),
    });
    expect(outcome.status).toBe('done');
    expect(outcome.state.stop?.reason).toBe('max-iterations');
    expect(store.state()).toBe(outcome.state);
    expect(await store.vectorCount(space)).toBe(600);
    const embedding = events.filter((e) => e.type === 'progress' && e.task === 'embedding');
    expect(embedding.map((e) => (e.type === 'progress' ? e.done : -1))).toEqual([0, 250, 500, 600]);
    expect(events.filter((e) => e.type === 'answers-recorded')).toHaveLength(3);
    expect([...store.models().keys()]).toEqual([0, 1, 2, 3]);
  });

  it("counts each selected batch's items by the policy that chose them, in the selected event", async () => {
    const { options, state } = setUp();
    const events: ExecutionEvent[] = [];
    const split: typeof fakeUncertaintyPolicy = async (input) => {
      const selection = await fakeUncertaintyPolicy(input);
      const chosenBy = Array.from(selection.items, (_, rank) => (rank < 3 ? 'first-rule' : 'second-rule'));
      return { ...selection, chosenBy };
    };
    await executeCuration(state, { ...options, policy: split, onEvent: (e) => events.push(e) });
    const selected = events.filter((e) => e.type === 'selected');
    expect(selected.length).toBeGreaterThan(0);
    for (const event of selected) {
      if (event.type !== 'selected') continue;
      expect(event.chosenBy).toEqual({ 'first-rule': 3, 'second-rule': event.items - 3 });
    }
    // A policy that does not say leaves it out.
    const plain: ExecutionEvent[] = [];
    const { options: again, state: fresh } = setUp();
    const silent: typeof fakeUncertaintyPolicy = async (input) => {
      const { chosenBy: _unsaid, ...selection } = await fakeUncertaintyPolicy(input);
      return selection;
    };
    await executeCuration(fresh, { ...again, policy: silent, onEvent: (e) => plain.push(e) });
    for (const event of plain) if (event.type === 'selected') expect(event).not.toHaveProperty('chosenBy');
  });

  it('resumes from any committed state to the same end (a driver killed between effects loses nothing)', async () => {
    const reference = await executeCuration(setUp().state, setUp().options);
    const { store, options, state } = setUp();
    const committed: CurationState[] = [];
    const tracking = {
      ...store,
      commit: async (step: Parameters<typeof store.commit>[0]) => {
        committed.push(step.state);
        await store.commit(step);
      },
    };
    await executeCuration(state, { ...options, store: tracking });
    // Restart from the state after the first adapt, with a new executor that holds no model in hand.
    const afterAdapt = committed.find(
      (candidate) => candidate.phase === 'evaluate' && candidate.modelVersion === 1,
    )!;
    const resumed = await executeCuration(afterAdapt, { ...options, store });
    expect(JSON.stringify(resumed.state)).toBe(JSON.stringify(reference.state));
  });

  it('pauses before the effect `until` names, and goes on from there', async () => {
    const { options, state } = setUp();
    const paused = await executeCuration(state, {
      ...options,
      until: (effect) => effect.type === 'annotate',
    });
    expect(paused.status).toBe('paused');
    expect(paused.state.phase).toBe('annotate');
    const done = await executeCuration(paused.state, options);
    const reference = await executeCuration(setUp().state, setUp().options);
    expect(JSON.stringify(done.state)).toBe(JSON.stringify(reference.state));
  });

  it('without an annotator, waits for the batch answers in the ledger (or records them unavailable with allowMissing)', async () => {
    const { pool, store, options, state } = setUp();
    const { annotator: _annotator, ...noAnnotator } = options;
    const waiting = await executeCuration(state, noAnnotator);
    expect(waiting.status).toBe('needs-labels');
    if (waiting.status !== 'needs-labels') return;
    expect(waiting.missing).toHaveLength(40);
    // The experts' answers for all but one item arrive in the ledger (as `borderline import` would put them).
    const answered = waiting.missing.slice(1);
    const labels = await fakePanel(pool).annotate(
      answered.map((item) => ({ id: pool.ids[item]!, text: '' })),
    );
    await store.appendAnswers({
      iteration: 1,
      source: 'import',
      answers: labels.flatMap((annotation, position) =>
        annotation.status === 'labelled'
          ? annotation.labels.map((label) => ({
              item: answered[position]!,
              annotator: label.annotator,
              label: label.label,
            }))
          : [],
      ),
    });
    const still = await executeCuration(waiting.state, noAnnotator);
    expect(still.status === 'needs-labels' && still.missing).toEqual([waiting.missing[0]]);
    const allowed = await executeCuration(waiting.state, {
      ...noAnnotator,
      allowMissing: true,
      until: (effect) => effect.type === 'select',
    });
    expect(allowed.state.unavailable.map((entry) => entry.item)).toEqual([waiting.missing[0]]);
    expect(allowed.state.panels).toHaveLength(39);
  });

  it('a forked store goes on independently: two trainers from one shared first batch', async () => {
    const { store, options, state } = setUp();
    const prefix = await executeCuration(state, { ...options, until: (effect) => effect.type === 'adapt' });
    const other = store.fork();
    const first = await executeCuration(prefix.state, options);
    const second = await executeCuration(prefix.state, {
      ...options,
      store: other,
      models: {
        ...options.models,
        trainer: fakeClassifier(newLog(), { centroids: Float64Array.of(0, 0, 1, 1) }),
      },
    });
    expect(second.state.batches[0]).toEqual(first.state.batches[0]);
    expect(store.state()).toBe(first.state);
    expect(other.state()).toBe(second.state);
  });

  it("refuses an embedder that does not make the pool vectors' space", async () => {
    const { options, state } = setUp();
    await expect(
      executeCuration(state, { ...options, space: { embedderId: 'other', dimensions: 2 } }),
    ).rejects.toThrow(/does not make the pool's vectors/);
  });
});
