import { describe, expect, it } from 'vitest';
import { createCurationConfig } from './config';
import { executeCuration } from './execute-curation';
import { extendRun } from './extend-run';
import { createMemoryStore } from './memory-store';
import { startCuration } from './state';
import { fakeClassifier, fakeEmbedder, fakePanel, fakePool, fakeUncertaintyPolicy, newLog } from './testing';
import type { CurationConfig } from './types';

function options(size: number) {
  const pool = fakePool(size);
  return {
    store: createMemoryStore({ ids: pool.ids, texts: pool.texts }),
    models: { starting: fakeClassifier(newLog()), embedder: fakeEmbedder },
    policy: fakeUncertaintyPolicy,
    annotator: fakePanel(pool),
  };
}

const config = (maxIterations: number): CurationConfig =>
  createCurationConfig({
    labels: ['no', 'yes'],
    positive: 'yes',
    batchSize: 30,
    seed: 2,
    stop: { maxIterations, plateau: undefined, target: 'kappa-ci-lower' },
  });

describe('extendRun', () => {
  it('reopens a run stopped at its iteration cap; the extended run ends as one started with the larger cap (regression: run --max-iterations 8 on a run stopped at 6 did nothing)', async () => {
    const stopped = await executeCuration(startCuration(config(2), 500).state, options(500));
    expect(stopped.state.stop?.reason).toBe('max-iterations');
    const extended = extendRun(stopped.state, { maxIterations: 4 });
    expect(extended.state.phase).toBe('score');
    expect(extended.state.iteration).toBe(3);
    expect(extended.events.map((event) => event.type)).toEqual(['reconfigured', 'iteration-started']);
    const resumed = await executeCuration(extended.state, options(500));
    const direct = await executeCuration(startCuration(config(4), 500).state, options(500));
    expect(JSON.stringify(resumed.state)).toBe(JSON.stringify(direct.state));
  });

  it("changes a running run's rule without moving it, and keeps a run stopped for another reason stopped", async () => {
    const fresh = startCuration(config(2), 500).state;
    const running = extendRun(fresh, { maxIterations: 9 });
    expect(running.state).toMatchObject({ phase: 'score', iteration: 1 });
    expect(running.state.config.stop.maxIterations).toBe(9);
    const exhausted = {
      ...fresh,
      phase: 'done' as const,
      stop: { stop: true, reason: 'pool-exhausted' as const, iteration: 1, detail: 'x' },
    };
    const still = extendRun(exhausted, { maxIterations: 9 });
    expect(still.state.phase).toBe('done');
    expect(still.events).toEqual([expect.objectContaining({ type: 'reconfigured', reopened: false })]);
  });

  it('refuses a bad cap, naming the field', () => {
    expect(() => extendRun(startCuration(config(2), 500).state, { maxIterations: 0 })).toThrow(
      /stop\.maxIterations/,
    );
  });
});
