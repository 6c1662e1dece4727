import type { Classifier } from '@borderline/runners';
import type { LedgerAnswer, PoolTexts } from './curation-store';
import type { VectorSpace } from './pool-rows';
import type { CurationState } from './types';

/** What an in-memory run has written: vectors per space, scores per model version, answers, models, state. */
export interface MemoryContents {
  readonly vectors: Map<string, { matrix: Float32Array; rows: number }>;
  readonly scores: Map<number, { values: Float64Array; count: number }>;
  readonly answers: Map<number, LedgerAnswer[]>;
  readonly models: Map<number, Classifier>;
  state: CurationState | undefined;
}

/** What the method groups of one in-memory store share: its pool and what it has written. */
export interface MemoryContext {
  readonly pool: PoolTexts;
  /** The pool's item count. */
  readonly size: number;
  readonly contents: MemoryContents;
}

/** Nothing written yet. */
export function emptyContents(): MemoryContents {
  return { vectors: new Map(), scores: new Map(), answers: new Map(), models: new Map(), state: undefined };
}

/** The key of a vector space in `MemoryContents.vectors`. */
export function spaceKey(space: VectorSpace): string {
  return `${space.embedderId}\u0000${space.dimensions}`;
}

/**
 * Contents a fork can go on writing without touching these: what is complete is shared (it never changes once
 * written), a partly written matrix or score array is copied, since both runs would go on writing it.
 */
export function forkContents({ pool, size, contents }: MemoryContext): MemoryContext {
  return {
    pool,
    size,
    contents: {
      vectors: new Map(
        [...contents.vectors].map(([key, entry]) => [
          key,
          { matrix: entry.rows < size ? entry.matrix.slice() : entry.matrix, rows: entry.rows },
        ]),
      ),
      scores: new Map(
        [...contents.scores].map(([key, entry]) => [
          key,
          { values: entry.count < size ? entry.values.slice() : entry.values, count: entry.count },
        ]),
      ),
      // Each append makes a new answer list, so sharing the lists is safe.
      answers: new Map(contents.answers),
      models: new Map(contents.models),
      state: contents.state,
    },
  };
}
