import { BorderlineError, type Item } from '@borderline/core';
import { type Database, numberOf, stringOf } from './database';
import { tableItems } from './pool-items';
import { writeShardManifest } from './shard-table';
import type { StoreContext } from './store-context';
import type { RunStore } from './types';

/** The store's pool methods: items of the `items` table, or read by index from a sharded run's shard files. */
export type PoolMethods = Pick<
  RunStore,
  'insertItems' | 'itemCount' | 'itemsAt' | 'indicesOf' | 'shardManifest' | 'writeShardManifest' | 'readItems'
>;

/** The pool methods over `ctx`; `writeShardManifest` switches the context's pool to the shards. */
export function poolMethods(ctx: StoreContext): PoolMethods {
  const { db, dir } = ctx;
  return {
    insertItems: (items) => {
      if (ctx.sharded !== undefined) throw poolIsSharded('insertItems');
      return ctx.atomic(() => insertItems(db, items));
    },
    itemCount: () => ctx.pool.count(),
    itemsAt: (indices) => ctx.pool.itemsAt(indices),
    indicesOf: (ids) => ctx.pool.indicesOf(ids),
    shardManifest: () => ctx.sharded,
    writeShardManifest: async (next) => {
      if (ctx.sharded !== undefined || (await tableItems(db).count()) > 0) {
        throw new BorderlineError({ code: 'run-state', message: `run store: ${dir} already has its pool` });
      }
      await ctx.atomic(() => writeShardManifest(db, next));
      ctx.sharded = next;
    },
    readItems: async () => {
      if (ctx.sharded !== undefined) throw poolIsSharded('readItems');
      return (await db.rows('SELECT id, text, meta FROM items ORDER BY idx')).map((row): Item => {
        const meta = stringOf(row.meta ?? null);
        const item = { id: stringOf(row.id ?? null) ?? '', text: stringOf(row.text ?? null) ?? '' };
        return meta === undefined ? item : { ...item, meta: JSON.parse(meta) as Record<string, unknown> };
      });
    },
  };
}

function poolIsSharded(what: string): BorderlineError {
  return new BorderlineError({
    code: 'internal',
    message: `run store: ${what} on a sharded run (its pool stays in its shard files; read it by index)`,
  });
}

async function insertItems(db: Database, items: readonly Item[]): Promise<void> {
  const start = numberOf((await db.rows('SELECT count(*) AS n FROM items'))[0]?.n ?? 0);
  await db.append(
    'items',
    ['integer', 'varchar', 'varchar', 'varchar'],
    items.map((item, index) => [
      start + index,
      item.id,
      item.text,
      item.meta === undefined ? null : JSON.stringify(item.meta),
    ]),
  );
}
