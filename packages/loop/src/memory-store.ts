import { invalidArgument } from '@borderline/core';
import type { Classifier } from '@borderline/runners';
import type { CurationStore } from './curation-store';
import { emptyContents, forkContents, type MemoryContext, spaceKey } from './memory-contents';
import { memoryLedgerMethods } from './memory-ledger-methods';
import { memoryPoolMethods } from './memory-pool-methods';
import { memoryVectorMethods } from './memory-vector-methods';
import type { VectorSpace } from './pool-rows';
import type { CurationState } from './types';

/** What an in-memory run starts from: the pool, and its vectors when the caller already has them. */
export interface MemoryStoreInput {
  readonly ids: readonly string[];
  readonly texts: readonly string[];
  /** The pool's vectors (n x `space.dimensions`, row-major), kept by reference, never copied. */
  readonly vectors?: { readonly space: VectorSpace; readonly matrix: Float32Array };
}

/** The in-memory storage port, with what it holds open to the caller. */
export interface MemoryStore extends CurationStore {
  /** The state of the last commit (undefined before the first). */
  state(): CurationState | undefined;
  /** Every model version committed, by version. */
  models(): ReadonlyMap<number, Classifier>;
  /**
   * An independent copy that shares what is already written (vectors, scores, answers, models are never
   * changed once written): a run forked here goes on without touching this one.
   */
  fork(): MemoryStore;
}

/** The storage port in memory: the replay's and library users' store (`runCuration` uses it). */
export function createMemoryStore(input: MemoryStoreInput): MemoryStore {
  if (input.ids.length !== input.texts.length) {
    throw invalidArgument(
      'createMemoryStore',
      `pool has ${input.ids.length} ids but ${input.texts.length} texts`,
    );
  }
  const contents = emptyContents();
  if (input.vectors !== undefined) {
    const { space, matrix } = input.vectors;
    if (!(space.dimensions >= 1) || matrix.length !== input.ids.length * space.dimensions) {
      throw invalidArgument(
        'createMemoryStore',
        `pool vectors hold ${matrix.length} values, not ${input.ids.length} x ${space.dimensions}`,
      );
    }
    contents.vectors.set(spaceKey(space), { matrix, rows: input.ids.length });
  }
  return memoryStore({ pool: { ids: input.ids, texts: input.texts }, size: input.ids.length, contents });
}

/** The store over `ctx`: its method groups, and what it holds open to the caller. */
function memoryStore(ctx: MemoryContext): MemoryStore {
  return {
    ...memoryPoolMethods(ctx),
    ...memoryVectorMethods(ctx),
    ...memoryLedgerMethods(ctx),
    state: () => ctx.contents.state,
    models: () => ctx.contents.models,
    fork: () => memoryStore(forkContents(ctx)),
  };
}
