/**
 * @borderline/run-store — one curation run's system of record: a DuckDB database in the run directory (pool,
 * predictions per model version, embeddings, the append-only label ledger, selections, iterations, model versions,
 * loop state), and `runCurationStore`, the loop's storage port over it. Its own package so the loop loads no
 * native module and does no I/O.
 */

/** SHA-256 (hex) of bytes or text (the shards' own, one implementation). */
export { sha256Hex } from '@borderline/shards';
export { openRunStore, RUN_DATABASE } from './open-run-store';
export { type RunCurationStoreOptions, runCurationStore } from './run-curation-store';
export { selectionEntries } from './selection-reasons';
export { PASS_OUTPUTS, PASS_PROGRESS_KEY, type PassRecord, type ShardPassOptions } from './shard-passes';
export type {
  AppendResult,
  DatasetLabelsOptions,
  ImportBatch,
  LabelCounts,
  LedgerEntry,
  ModelVersionRecord,
  OpenRunStoreOptions,
  RunStore,
  SelectionEntry,
} from './types';
