import { invalidArgument } from '@borderline/core';
import type { Classifier } from '@borderline/runners';
import type { CommittedStep, CurationStore, LedgerAnswer, PoolTexts } from './curation-store';
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

interface Contents {
  readonly vectors: Map<string, { matrix: Float32Array; rows: number }>;
  readonly scores: Map<number, { values: Float64Array; count: number }>;
  readonly answers: Map<number, LedgerAnswer[]>;
  readonly models: Map<number, Classifier>;
  state: CurationState | undefined;
}

/** The storage port in memory: the replay's and library users' store (`runCuration` uses it). */
export function createMemoryStore(input: MemoryStoreInput): MemoryStore {
  if (input.ids.length !== input.texts.length) {
    throw invalidArgument(
      'createMemoryStore',
      `pool has ${input.ids.length} ids but ${input.texts.length} texts`,
    );
  }
  const contents: Contents = {
    vectors: new Map(),
    scores: new Map(),
    answers: new Map(),
    models: new Map(),
    state: undefined,
  };
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
  return memoryStore({ ids: input.ids, texts: input.texts }, contents);
}

function spaceKey(space: VectorSpace): string {
  return `${space.embedderId}\u0000${space.dimensions}`;
}

function memoryStore(pool: PoolTexts, contents: Contents): MemoryStore {
  const size = pool.ids.length;
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
    poolSize: size,
    pool: async () => pool,
    itemsAt: async (items) => {
      const outside = items.find((item) => !(item >= 0 && item < size && Number.isInteger(item)));
      if (outside !== undefined)
        throw invalidArgument('memory store', `item ${outside} is outside the pool of ${size}`);
      return { ids: items.map((item) => pool.ids[item]!), texts: items.map((item) => pool.texts[item]!) };
    },
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
    readAnswers: async (items) => {
      const found = new Map<number, readonly LedgerAnswer[]>();
      for (const item of items) {
        const answers = contents.answers.get(item);
        if (answers !== undefined && answers.length > 0) found.set(item, answers);
      }
      return found;
    },
    appendAnswers: async ({ answers }) => {
      for (const answer of answers) {
        const list = contents.answers.get(answer.item);
        // A new array per append: a fork shares the old one and must not see this answer.
        contents.answers.set(answer.item, list === undefined ? [answer] : [...list, answer]);
      }
      return { added: answers.length };
    },
    loadModel: async (version) => contents.models.get(version),
    commit: async (step: CommittedStep) => {
      if (step.model !== undefined) contents.models.set(step.model.version, step.model.classifier);
      contents.state = step.state;
    },
    state: () => contents.state,
    models: () => contents.models,
    fork: () =>
      memoryStore(pool, {
        // Complete matrices are shared; a partly written one is copied, since both runs would go on writing it.
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
        answers: new Map(contents.answers),
        models: new Map(contents.models),
        state: contents.state,
      }),
  };
}
