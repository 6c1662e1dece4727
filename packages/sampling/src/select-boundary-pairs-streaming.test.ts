import { createRng, matrixShards, type VectorShards } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { blobPool, twoDWorld } from './__fixtures__/worlds';
import { type AssignPass, streamingAssign } from './assign-pass';
import { COVERAGE_MEASURES } from './coverage';
import { OVERLAP_TESTS } from './overlap';
import type { Selection, SelectionInput } from './policy';
import { selectBoundaryPairs } from './select-boundary-pairs';
import { selectBoundaryPairsStreaming } from './select-boundary-pairs-streaming';

function streamingOf(input: SelectionInput, rowsPerShard: number) {
  const { embeddings, dimensions, ...rest } = input;
  return { ...rest, vectors: matrixShards(embeddings, dimensions, rowsPerShard) };
}

/** The parts of a selection that must agree (pairs with their reasons, items, warnings). */
function answer(selection: Selection) {
  return { items: [...selection.items], pairs: selection.pairs, warnings: selection.warnings };
}

describe('selectBoundaryPairsStreaming equals the in-memory selection', () => {
  for (const overlap of OVERLAP_TESTS) {
    for (const coverage of COVERAGE_MEASURES) {
      it(`${overlap} + ${coverage}, sides larger than the sample: same as clusterSample, 1 or many shards`, async () => {
        const blobs = blobPool(6000, 8, 'stream-eq', 60);
        // Some items already reviewed, so sides and ranks skip them.
        const pool = {
          ...blobs,
          reviewed: Uint8Array.from(blobs.reviewed, (_, item) => (item % 7 === 3 ? 1 : 0)),
        };
        const sample = 1500;
        const options = { overlap, coverage, budget: 61 } as const;
        const memory = await selectBoundaryPairs({ ...pool, ...options, clusterSample: sample });
        expect(memory.items.length).toBe(61);
        for (const rows of [6000, 1000, 777, 64]) {
          const streamed = await selectBoundaryPairsStreaming({
            ...streamingOf(pool, rows),
            ...options,
            sample,
          });
          expect(answer(streamed)).toEqual(answer(memory));
        }
      });
    }
  }

  it('filling below the threshold (several candidate passes) and the f32x4 pair search: same as in memory', async () => {
    const pool = blobPool(5000, 8, 'stream-fill', 120);
    const options = {
      overlapThreshold: 1.5,
      pairSearchKernel: 'auto',
      budget: 120,
      candidatesPerCluster: 16,
    } as const;
    const memory = await selectBoundaryPairs({ ...pool, ...options, clusterSample: 2000 });
    expect(memory.warnings.join('\n')).toMatch(/more below the threshold/);
    for (const rows of [5000, 256]) {
      const streamed = await selectBoundaryPairsStreaming({
        ...streamingOf(pool, rows),
        ...options,
        sample: 2000,
      });
      expect(answer(streamed)).toEqual(answer(memory));
    }
  });

  it('a side with fewer items than k: the same warning and selection as in memory', async () => {
    const world = twoDWorld(800, 0, 8);
    let positives = 0;
    const predicted = Uint8Array.from(world.input.predicted, (label) =>
      label === 1 && positives++ < 3 ? 1 : 0,
    );
    const input = { ...world.input, predicted, budget: 6, k: 5 };
    const memory = await selectBoundaryPairs({ ...input, clusterSample: 100 });
    expect(memory.warnings.join('\n')).toMatch(/3 predicted-positive items for k = /);
    const streamed = await selectBoundaryPairsStreaming({ ...streamingOf(input, 50), sample: 100 });
    expect(answer(streamed)).toEqual(answer(memory));
  });

  it('sides within the sample: same as the default in-memory selection (full k-means)', async () => {
    const world = twoDWorld(3000, 0.05, 21);
    const memory = await selectBoundaryPairs({ ...world.input, budget: 40 });
    for (const rows of [3000, 500, 101]) {
      const streamed = await selectBoundaryPairsStreaming({ ...streamingOf(world.input, rows), budget: 40 });
      expect(answer(streamed)).toEqual(answer(memory));
    }
  });
});

/**
 * 600 items in 6 shards of 100: shards 0-1 hold a boundary (positives above y = 0, negatives below, x in [0, 4]);
 * shards 2-3 a positive blob far away at (100, 100); shards 4-5 a negative blob at (-100, 100). With k = 2 per side
 * only the two boundary clusters overlap.
 */
function plantedShards(): { matrix: Float32Array; predicted: Uint8Array } {
  const rng = createRng('planted');
  const matrix = new Float32Array(600 * 2);
  const predicted = new Uint8Array(600);
  for (let item = 0; item < 600; item++) {
    const region = item < 200 ? 0 : item < 400 ? 1 : 2;
    const x = region === 0 ? rng.uniform(0, 4) : region === 1 ? rng.normal(100, 1) : rng.normal(-100, 1);
    const y = region === 0 ? rng.uniform(-1, 1) : rng.normal(100, 1);
    matrix[2 * item] = x;
    matrix[2 * item + 1] = y;
    predicted[item] = region === 1 || (region === 0 && y > 0) ? 1 : 0;
  }
  return { matrix, predicted };
}

/** `vectors` with every shard read logged. */
function logged(vectors: VectorShards, log: (number | string)[]): VectorShards {
  return {
    ...vectors,
    readShard: (shard, options) => {
      log.push(shard);
      return vectors.readShard(shard, options);
    },
  };
}

describe('selectBoundaryPairsStreaming reads only what it needs', () => {
  it('its candidate pass reads only the shards holding members of overlapping cluster pairs', async () => {
    const { matrix, predicted } = plantedShards();
    const log: (number | string)[] = [];
    const vectors = logged(matrixShards(matrix, 2, 100), log);
    const plain = streamingAssign(matrixShards(matrix, 2, 100));
    const assign: AssignPass = (request) => {
      log.push('assign');
      return plain(request);
    };
    const phases: Record<string, number> = {};
    const selection = await selectBoundaryPairsStreaming({
      vectors,
      predicted,
      reviewed: new Uint8Array(600),
      budget: 16,
      seed: 'reads',
      k: 2,
      fillBelowThreshold: false,
      assign,
      onPhase: ({ phase, shardsRead }) => {
        phases[phase] = shardsRead;
      },
    });
    // One cluster pair gives at most 8 pairs.
    expect(selection.items.length).toBe(16);
    for (const item of selection.items) expect(item).toBeLessThan(200);
    // The fit read every shard once (its sample is each whole side); after the pass, only shards 0 and 1.
    expect(log.slice(0, log.indexOf('assign')).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(log.slice(log.indexOf('assign') + 1)).toEqual([0, 1]);
    expect(phases).toEqual({ fit: 6, assign: 0, overlap: 0, candidates: 2, coverage: 0 });
  });

  it('an injected assign pass over another sharding gives the same selection', async () => {
    const pool = blobPool(3000, 6, 'inject', 40);
    const own = await selectBoundaryPairsStreaming({ ...streamingOf(pool, 500), sample: 800 });
    const other = streamingAssign(matrixShards(pool.embeddings, pool.dimensions, 33));
    const injected = await selectBoundaryPairsStreaming({
      ...streamingOf(pool, 500),
      sample: 800,
      assign: other,
    });
    expect(answer(injected)).toEqual(answer(own));
  });
});

describe('selectBoundaryPairsStreaming on degenerate and bad input', () => {
  it('every unreviewed item one label: no pairs, a warning, and the vector-free fallback fills the budget', async () => {
    const world = twoDWorld(500, 0, 2);
    const input = { ...streamingOf(world.input, 64), predicted: new Uint8Array(500), budget: 10 };
    const bare = await selectBoundaryPairsStreaming(input);
    expect(bare.items.length).toBe(0);
    expect(bare.warnings.join('\n')).toMatch(/every unreviewed item is predicted negative/);
    const filled = await selectBoundaryPairsStreaming({ ...input, fallback: 'random' });
    expect(filled.items.length).toBe(10);
    expect(filled.fallback).toEqual({ policy: 'random', items: 10, from: 0 });
    expect(new Set(filled.items).size).toBe(10);
  });

  it('stops with an aborted error when the signal fires, before reading on', async () => {
    const world = twoDWorld(600, 0, 6);
    const controller = new AbortController();
    const log: (number | string)[] = [];
    const vectors = logged(matrixShards(world.input.embeddings, 2, 100), log);
    const plain = streamingAssign(matrixShards(world.input.embeddings, 2, 100));
    const assign: AssignPass = (request) => {
      controller.abort();
      return plain(request);
    };
    const input = {
      ...streamingOf(world.input, 100),
      vectors,
      budget: 10,
      assign,
      signal: controller.signal,
    };
    await expect(selectBoundaryPairsStreaming(input)).rejects.toMatchObject({ code: 'aborted' });
    // Nothing was read after the assign pass.
    expect(log.length).toBe(6);
  });

  it('never selects a reviewed item', async () => {
    const world = twoDWorld(2000, 0.05, 4);
    const reviewed = new Uint8Array(2000);
    const first = await selectBoundaryPairsStreaming({ ...streamingOf(world.input, 300), budget: 40 });
    for (const item of first.items) reviewed[item] = 1;
    const second = await selectBoundaryPairsStreaming({
      ...streamingOf(world.input, 300),
      reviewed,
      budget: 40,
    });
    expect(second.items.length).toBe(40);
    for (const item of second.items) expect(reviewed[item]).toBe(0);
  });

  it('names the field: lengths, the sample, a fallback that needs vectors, a short shard', async () => {
    const world = twoDWorld(300, 0, 3);
    const input = { ...streamingOf(world.input, 100), budget: 10 };
    await expect(selectBoundaryPairsStreaming({ ...input, predicted: new Uint8Array(5) })).rejects.toThrow(
      /predicted has 5 entries for 300 items/,
    );
    await expect(selectBoundaryPairsStreaming({ ...input, sample: 0 })).rejects.toThrow(
      /sample must be a positive/,
    );
    await expect(
      selectBoundaryPairsStreaming({ ...input, fallback: 'k-center' as unknown as 'random' }),
    ).rejects.toThrow(/fallback must be one of random, uncertainty, stratified/);
    const short: VectorShards = { ...input.vectors, readShard: async () => new Float32Array(3) };
    await expect(selectBoundaryPairsStreaming({ ...input, vectors: short })).rejects.toThrow(
      /shard 0 \(items 0\.\.\) returned 3 floats, expected 200/,
    );
  });
});
