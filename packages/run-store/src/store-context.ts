import { BorderlineError } from '@borderline/core';
import type { ShardManifest } from '@borderline/shards';
import type { Database } from './database';
import { type PoolItems, shardItems, tableItems } from './pool-items';
import type { RunStore } from './types';

/** What the method groups of one open run store share: its database, its directory and its pool as it stands. */
export interface StoreContext {
  readonly db: Database;
  readonly dir: string;
  /** The shard manifest once the pool lives in shard files; set by `writeShardManifest`. */
  sharded: ShardManifest | undefined;
  /** The pool read by index: the `items` table, or the shard files of `sharded` once set. */
  readonly pool: PoolItems;
  /** The store's transaction; transactions do not nest, and a read-only run refuses them. */
  transaction: RunStore['transaction'];
  /** Runs `work` inside the open transaction, or in a transaction of its own (a single write commits atomically). */
  atomic<T>(work: () => Promise<T>): Promise<T>;
}

/** The shared context of a store over `db`, with the pool of `manifest` when the run is sharded. */
export function storeContext(
  db: Database,
  dir: string,
  readOnly: boolean,
  manifest: ShardManifest | undefined,
): StoreContext {
  let depth = 0;
  const transaction = async <T>(work: () => Promise<T>): Promise<T> => {
    if (depth > 0)
      throw new BorderlineError({ code: 'internal', message: 'run store: transactions do not nest' });
    if (readOnly)
      throw new BorderlineError({ code: 'internal', message: 'run store: a transaction on a read-only run' });
    depth++;
    await db.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await db.run('COMMIT');
      return result;
    } catch (error) {
      await db.run('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      depth--;
    }
  };
  const table = tableItems(db);
  const ctx: StoreContext = {
    db,
    dir,
    sharded: manifest,
    get pool() {
      return ctx.sharded === undefined ? table : shardItems(ctx.sharded);
    },
    transaction,
    atomic: (work) => (depth > 0 ? work() : transaction(work)),
  };
  return ctx;
}
