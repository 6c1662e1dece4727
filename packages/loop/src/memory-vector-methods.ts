import { invalidArgument } from '@borderline/core';
import type { CurationStore } from './curation-store';
import { type MemoryContext, spaceKey } from './memory-contents';
import type { VectorSpace } from './pool-rows';

/** The in-memory store's per-item arrays: the pool's vectors per space and its scores per model version. */
export type MemoryVectorMethods = Pick<
  CurationStore,
  'vectorCount' | 'writeVectors' | 'readVectors' | 'scoreCount' | 'writeScores' | 'readScores'
>;

/** The vector and score methods over `ctx`; both are written in order, from the first unwritten row. */
export function memoryVectorMethods({ size, contents }: MemoryContext): MemoryVectorMethods {
  const vectorsOf = (space: VectorSpace) => {
    const key = spaceKey(space);
    let entry = contents.vectors.get(key);
    if (entry === undefined) {
      entry = { matrix: new Float32Array(size * space.dimensions), rows: 0 };
      contents.vectors.set(key, entry);
    }
    return entry;
  };
  return {
    vectorCount: async (space) => contents.vectors.get(spaceKey(space))?.rows ?? 0,
    writeVectors: async (space, start, rows) => {
      const entry = vectorsOf(space);
      if (start !== entry.rows)
        throw invalidArgument('memory store', `vectors written at ${start}, not ${entry.rows}`);
      entry.matrix.set(rows, start * space.dimensions);
      entry.rows = start + rows.length / space.dimensions;
    },
    readVectors: async (space) => {
      const entry = contents.vectors.get(spaceKey(space));
      if (entry === undefined || entry.rows < size) {
        throw invalidArgument(
          'memory store',
          `the pool has no vectors of ${space.embedderId} for every item`,
        );
      }
      return entry.matrix;
    },
    scoreCount: async (version) => contents.scores.get(version)?.count ?? 0,
    writeScores: async (version, start, scores) => {
      let entry = contents.scores.get(version);
      if (entry === undefined) {
        entry = { values: new Float64Array(size).fill(Number.NaN), count: 0 };
        contents.scores.set(version, entry);
      }
      if (start !== entry.count)
        throw invalidArgument('memory store', `scores written at ${start}, not ${entry.count}`);
      entry.values.set(scores, start);
      entry.count = start + scores.length;
    },
    readScores: async (version) =>
      contents.scores.get(version)?.values ?? new Float64Array(size).fill(Number.NaN),
  };
}
