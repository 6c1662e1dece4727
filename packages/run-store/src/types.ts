import type { Item, Label, Role } from '@borderline/core';
import type { CurationState, IterationRecord, PoolTexts } from '@borderline/loop';
import type { ShardManifest } from '@borderline/shards';

/** How a run is opened. */
export interface OpenRunStoreOptions {
  /** `create`: make the directory and database (refused when a run is already there). Default: open existing. */
  readonly mode?: 'create' | 'open' | 'read';
}

/** The ledger's size per role, and `total`: all its labels (its last `seq`, since seq is gap-free). */
export type LabelCounts = Readonly<Record<Label['role'], number>> & { readonly total: number };

/** One label in the ledger, with where and when it came in. */
export interface LedgerEntry extends Label {
  /** Position in the ledger, 1-based, gap-free. */
  readonly seq: number;
  /** The import batch that brought the label. */
  readonly batch: string;
  /** ISO time of the import (wall clock: report it only as a timing). */
  readonly importedAt: string;
}

/** What an import batch was and what it added. */
export interface ImportBatch {
  readonly batch: string;
  readonly seq: number;
  /** Where the labels came from (a file name, `recorded`, `simulated`, `dataset`). */
  readonly source: string;
  /** SHA-256 of the imported content; the same content is never imported twice. */
  readonly sha256: string;
  readonly iteration?: number;
  readonly added: number;
  readonly duplicates: number;
  readonly importedAt: string;
}

/** The outcome of appending labels to the ledger. */
export interface AppendResult {
  readonly batch: string;
  readonly added: number;
  /** Labels already in the ledger with the same item, annotator, role and label: skipped. */
  readonly duplicates: number;
}

/** One item of a review batch. */
export interface SelectionEntry {
  readonly rank: number;
  readonly item: string;
  readonly reason?: string;
}

/** A model version and the file that holds it (local models), referenced by content hash. */
export interface ModelVersionRecord {
  readonly version: number;
  readonly provider: string;
  readonly modelId: string;
  /** SHA-256 of the saved bytes; the file is `models/<sha256>.bin` in the run directory. */
  readonly sha256?: string;
  readonly file?: string;
  /** Provider details needed to load the version again (never a secret). */
  readonly info?: unknown;
  readonly createdAt: string;
}

/** What `importDatasetLabels` reads and keeps. */
export interface DatasetLabelsOptions {
  /** The ledger keeps the labels of this role (every label of the file is checked). */
  readonly role: Role;
  /** The dataset's label set: a label outside it is a problem. */
  readonly categories: readonly string[];
  /** The import batch's source, e.g. `dataset:<name>`. */
  readonly source: string;
  /** Problems listed before the check stops (default 20). */
  readonly maxErrors?: number;
}

/**
 * The system of record of one curation run: a DuckDB database in the run directory. Every method is one
 * statement; wrap a command's changes in `transaction` so they land together or not at all.
 */
export interface RunStore {
  readonly dir: string;
  readonly readOnly: boolean;
  /** Runs `work` in one transaction; on a throw nothing it wrote is kept. Transactions do not nest. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `work` inside the transaction already open, or in one of its own: all or nothing either way. */
  atomically<T>(work: () => Promise<T>): Promise<T>;
  /** Closes the database and releases the lock. */
  close(): void;

  getMeta<T = unknown>(key: string): Promise<T | undefined>;
  setMeta(key: string, value: unknown): Promise<void>;

  /** Adds the pool; positions in `items` become item indices (after those already stored). */
  insertItems(items: readonly Item[]): Promise<void>;
  itemCount(): Promise<number>;
  /** The pool in index order (refused for a sharded run: its pool is read by index, `itemsAt`). */
  readItems(): Promise<Item[]>;
  /** The ids and texts of these pool items, in the order given (a sharded run reads only the shards holding them). */
  itemsAt(indices: readonly number[]): Promise<PoolTexts>;
  /** The pool index of each of these ids that is in the pool (a sharded run scans its shards, one at a time). */
  indicesOf(ids: readonly string[]): Promise<Map<string, number>>;

  /**
   * A sharded run's manifest: its pool is these shard files' items, in order, left where they are and checked on
   * every open (a missing or changed shard is refused, naming it). Undefined for a run whose pool is in `items`.
   */
  shardManifest(): ShardManifest | undefined;
  /** Records the manifest of a sharded run (at init, before anything refers to the pool). */
  writeShardManifest(manifest: ShardManifest): Promise<void>;

  /** Stores P(positive) for items `start .. start + scores.length - 1` under a model version. */
  writePredictions(modelVersion: number, start: number, scores: Float64Array): Promise<void>;
  /** How many leading items have predictions under the version (chunks are written in order). */
  predictedCount(modelVersion: number): Promise<number>;
  /** The version's predictions for `count` items; NaN where none was stored. */
  readPredictions(modelVersion: number, count: number): Promise<Float64Array>;

  /** Stores rows `start ..` of the pool's embedding matrix (row-major, `dimensions` wide). */
  writeEmbeddings(embedder: string, start: number, dimensions: number, rows: Float32Array): Promise<void>;
  embeddedCount(embedder: string): Promise<number>;
  /** The `count` x `dimensions` matrix; refuses if any row is missing. */
  readEmbeddings(embedder: string, count: number, dimensions: number): Promise<Float32Array>;

  /**
   * Appends labels to the ledger as one batch. A label equal to one already there (item, annotator, role, label)
   * is skipped; one that contradicts it (same item, annotator and role, another label) is refused with the ids.
   */
  appendLabels(
    labels: readonly Label[],
    batch: { readonly source: string; readonly sha256: string; readonly iteration?: number },
  ): Promise<AppendResult>;
  /**
   * A sharded run's dataset labels (`labels.jsonl` beside the shards) into an empty ledger as one batch: the
   * labels of `role` (the crowd's, at init), after the checks an unsharded dataset's labels get (fields, label
   * set, items in the pool, no annotator labelling an item twice differently), each problem naming file, line
   * and field. Streamed in bounded memory. Undefined when the dataset has no labels file.
   */
  importDatasetLabels(options: DatasetLabelsOptions): Promise<AppendResult | undefined>;
  /**
   * Takes back the label of (item, annotator, role) when it belongs to `iteration` (the pending one: a
   * reviewer's undo before the batch is stepped); later labels move down one `seq`. Resolves to the removed
   * label, or undefined when there was none. Nothing else is ever removed from the ledger.
   */
  retractLabel(
    key: Pick<Label, 'item' | 'annotator' | 'role'>,
    where: { readonly iteration: number },
  ): Promise<LedgerEntry | undefined>;
  /** The batch that imported this exact content, if any. */
  findBatch(sha256: string): Promise<ImportBatch | undefined>;
  batches(): Promise<ImportBatch[]>;
  /** The ledger in append order, optionally one role only and/or only the labels of these item ids. */
  readLabels(filter?: {
    readonly role?: Label['role'];
    readonly items?: readonly string[];
  }): Promise<LedgerEntry[]>;
  /** How many labels the ledger holds per role and in all, counted by the database (nothing is read in). */
  countLabels(): Promise<LabelCounts>;

  writeSelection(iteration: number, entries: readonly SelectionEntry[]): Promise<void>;
  readSelection(iteration: number): Promise<SelectionEntry[]>;

  writeIteration(iteration: number, record: IterationRecord): Promise<void>;
  readIterations(): Promise<{ readonly iteration: number; readonly record: IterationRecord }[]>;

  /**
   * Records a model version. With `bytes`, they are first written to `models/<sha256>.bin` (temp file, fsync,
   * rename), so the row never references a file that is not complete.
   */
  saveModel(model: {
    readonly version: number;
    readonly provider: string;
    readonly modelId: string;
    readonly bytes?: Uint8Array;
    readonly info?: unknown;
  }): Promise<ModelVersionRecord>;
  models(): Promise<ModelVersionRecord[]>;
  /** The saved bytes of a version, checked against their hash. */
  readModelBytes(version: number): Promise<Uint8Array>;

  /** A cached hosted-model answer (the runners' `ResponseStore`); arrow properties, safe to pass unbound. */
  readonly getResponse: (key: string) => Promise<string | undefined>;
  readonly setResponse: (key: string, value: string) => Promise<void>;

  /** Writes the loop's state (plain JSON). */
  writeLoopState(state: CurationState): Promise<void>;
  /** The loop's state, checked by the loop's `parseCurationState`; undefined before `init` wrote one. */
  readLoopState(): Promise<CurationState | undefined>;
}
