import { matrixShards } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { blobPool, twoDWorld } from './__fixtures__/worlds';
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

  it('sides within the sample: same as the default in-memory selection (full k-means)', async () => {
    const world = twoDWorld(3000, 0.05, 21);
    const memory = await selectBoundaryPairs({ ...world.input, budget: 40 });
    for (const rows of [3000, 500, 101]) {
      const streamed = await selectBoundaryPairsStreaming({ ...streamingOf(world.input, rows), budget: 40 });
      expect(answer(streamed)).toEqual(answer(memory));
    }
  });
});
