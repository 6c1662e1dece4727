import { BorderlineError } from '@borderline/core';
import { importDatasetLabels } from './dataset-labels';
import { appendLabels, countLabels, findBatch, listBatches, readLabels, retractLabel } from './ledger';
import type { StoreContext } from './store-context';
import type { RunStore } from './types';

/** The store's ledger methods: the append-only labels and the batches that brought them. */
export type LedgerMethods = Pick<
  RunStore,
  | 'appendLabels'
  | 'importDatasetLabels'
  | 'retractLabel'
  | 'findBatch'
  | 'batches'
  | 'readLabels'
  | 'countLabels'
>;

/** The ledger methods over `ctx`; each write commits atomically. */
export function ledgerMethods(ctx: StoreContext): LedgerMethods {
  const { db, dir, atomic } = ctx;
  return {
    appendLabels: (labels, batch) => atomic(() => appendLabels(db, labels, batch)),
    importDatasetLabels: async (options) => {
      const manifest = ctx.sharded;
      if (manifest === undefined) {
        throw new BorderlineError({
          code: 'run-state',
          message: `run store: ${dir} is not sharded: its dataset's labels come with its items`,
        });
      }
      return atomic(() => importDatasetLabels(db, manifest, options));
    },
    retractLabel: (key, where) => atomic(() => retractLabel(db, key, where)),
    findBatch: (sha256) => findBatch(db, sha256),
    batches: () => listBatches(db),
    readLabels: (filter) => readLabels(db, filter),
    countLabels: () => countLabels(db),
  };
}
