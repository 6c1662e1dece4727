import type { VectorShards } from '@borderline/core';
import type { Classifier } from '@borderline/runners';
import type { AssignPass, Selection } from '@borderline/sampling';
import type { VectorSpace } from './pool-rows';

import type { CurationEvent, CurationState } from './types';

/** The pool's item ids and texts, by pool index. */
export interface PoolTexts {
  readonly ids: readonly string[];
  readonly texts: readonly string[];
}

/** One expert answer in the label ledger, by pool index. */
export interface LedgerAnswer {
  readonly item: number;
  readonly annotator: string;
  /** A category name of the run's label set. */
  readonly label: string;
}

/** A model version the store keeps: the starting model (version 0) or one adapted by the run. */
export interface ModelRecord {
  readonly version: number;
  readonly classifier: Classifier;
}

/** What one fulfilled effect leaves behind; `commit` writes it all or nothing. */
export interface CommittedStep {
  /** The state after the effect's transition. */
  readonly state: CurationState;
  readonly events: readonly CurationEvent[];
  /** A `select` effect: the policy's answer (with each item's provenance), for the run's records. */
  readonly selection?: { readonly iteration: number; readonly selection: Selection };
  /** A model version to record before the state that refers to it. */
  readonly model?: ModelRecord;
}

/** How a pool pass reports and is cancelled. */
export interface PassOptions {
  readonly signal?: AbortSignal;
  /** Items done of `total` (the first call says where a resumed pass starts). */
  readonly onProgress?: (progress: { readonly done: number; readonly total: number }) => void;
}

/**
 * The heavy passes over a pool the store runs itself, shard by shard (a sharded pool: shard jobs in worker
 * processes or on a queue), so the executor never holds the pool's vectors or texts. A store with `passes` is a
 * sharded store: its `pool()` and `readVectors` are refused, and the executor reads only the rows it needs.
 */
export interface PoolPasses {
  /** The pool's vectors in `space`, one shard at a time; the embed pass runs first over shards that lack them. */
  embed(space: VectorSpace, options?: PassOptions): Promise<VectorShards>;
  /**
   * Model `version`'s P(positive) over the pool: the score pass with `model` over shards that lack them, then
   * the scores as `readScores(version)` gives them.
   */
  score(version: number, model: Classifier, space: VectorSpace, options?: PassOptions): Promise<Float64Array>;
  /** The nearest-centre assignment of a selection, run as the store's pass over the vectors of `space`. */
  assign?(space: VectorSpace): AssignPass;
}

/**
 * The storage port the curation executor works against: the pool, its vectors, scores per model version, the
 * label ledger (expert answers) and model versions, and the loop state. The in-memory implementation
 * (`createMemoryStore`) serves the replay and library users; `@borderline/run-store` implements it over the CLI's
 * DuckDB run. Vectors and scores are written in chunks from item 0 on, so a killed driver resumes at the first
 * missing chunk; everything else changes only through `commit`.
 */
export interface CurationStore {
  readonly poolSize: number;
  /** The whole pool's ids and texts (refused by a sharded store: use `itemsAt`). */
  pool(): Promise<PoolTexts>;
  /** The ids and texts of these pool items, in the order given (reads only what holds them). */
  itemsAt(items: readonly number[]): Promise<PoolTexts>;
  /** Present on a sharded store: the passes it runs over its shards. */
  readonly passes?: PoolPasses;

  /** How many leading pool rows have vectors in `space`. */
  vectorCount(space: VectorSpace): Promise<number>;
  /** Stores pool rows `start ..` (row-major, `space.dimensions` wide). */
  writeVectors(space: VectorSpace, start: number, rows: Float32Array): Promise<void>;
  /** The whole pool matrix in `space`; refused when a row is missing (and by a sharded store). */
  readVectors(space: VectorSpace): Promise<Float32Array>;

  /** How many leading pool items have scores under a model version. */
  scoreCount(version: number): Promise<number>;
  /** Stores P(positive) of pool items `start .. start + scores.length - 1` under a model version. */
  writeScores(version: number, start: number, scores: Float64Array): Promise<void>;
  /** A version's scores over the pool; NaN where none is stored. */
  readScores(version: number): Promise<Float64Array>;

  /** The ledger's expert answers for these pool items, in ledger order (items without answers are absent). */
  readAnswers(items: readonly number[]): Promise<ReadonlyMap<number, readonly LedgerAnswer[]>>;
  /**
   * Appends an annotator's answers to the ledger, before anything else happens to them (an item may carry no
   * answer: the annotator could not label it). One call is one import batch; `added` counts the answers that
   * were new to the ledger.
   */
  appendAnswers(batch: {
    readonly iteration: number;
    readonly source: string;
    readonly answers: readonly LedgerAnswer[];
  }): Promise<{ readonly added: number }>;

  /** Model version `version` as recorded by `commit`, or undefined when it cannot be read back. */
  loadModel(version: number): Promise<Classifier | undefined>;
  /** Writes one effect's outcome: the model it made, its records, the new state, all or nothing. */
  commit(step: CommittedStep): Promise<void>;
}
