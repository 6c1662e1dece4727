/**
 * @borderline/loop/store — the run store: one curation run's system of record, a DuckDB database in the run
 * directory (pool, predictions per model version, embeddings, the append-only label ledger, selections,
 * iterations, model versions, loop state). Its own entry so the pure loop never loads DuckDB.
 */

export { sha256Hex } from './model-files';
export { openRunStore, RUN_DATABASE } from './open-run-store';
export type {
  AppendResult,
  ImportBatch,
  LedgerEntry,
  ModelVersionRecord,
  OpenRunStoreOptions,
  RunStore,
  SelectionEntry,
} from './types';
