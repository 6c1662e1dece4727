import { BorderlineError } from '@borderline/core';
import type { PoolTexts } from '@borderline/loop';
import { readItemsAt, readShardItems, type ShardManifest } from '@borderline/shards';
import { type Database, numberOf, rowsWhereIn, stringOf } from './database';

/** The pool of a run read by index: from the `items` table, or from the shards of a sharded run. */
export interface PoolItems {
  count(): Promise<number>;
  itemsAt(indices: readonly number[]): Promise<PoolTexts>;
  indicesOf(ids: readonly string[]): Promise<Map<string, number>>;
}

function checkIndices(indices: readonly number[], count: number): void {
  const outside = indices.find((index) => !(Number.isInteger(index) && index >= 0 && index < count));
  if (outside !== undefined) {
    throw new BorderlineError({
      code: 'invalid-argument',
      message: `run store: item ${outside} is outside the pool of ${count}`,
    });
  }
}

/** The pool in the `items` table. */
export function tableItems(db: Database): PoolItems {
  const count = async () => numberOf((await db.rows('SELECT count(*) AS n FROM items'))[0]?.n ?? 0);
  return {
    count,
    itemsAt: async (indices) => {
      checkIndices(indices, await count());
      const found = new Map<number, { id: string; text: string }>();
      for (const row of await rowsWhereIn(db, 'SELECT idx, id, text FROM items', 'idx', indices)) {
        found.set(numberOf(row.idx ?? null), {
          id: stringOf(row.id ?? null) ?? '',
          text: stringOf(row.text ?? null) ?? '',
        });
      }
      return {
        ids: indices.map((index) => found.get(index)!.id),
        texts: indices.map((index) => found.get(index)!.text),
      };
    },
    indicesOf: async (ids) => {
      const out = new Map<string, number>();
      for (const row of await rowsWhereIn(db, 'SELECT idx, id FROM items', 'id', ids)) {
        out.set(stringOf(row.id ?? null) ?? '', numberOf(row.idx ?? null));
      }
      return out;
    },
  };
}

/** The pool of a sharded run: read from the shard files, only the shards that hold what is asked. */
export function shardItems(manifest: ShardManifest): PoolItems {
  return {
    count: async () => manifest.count,
    itemsAt: async (indices) => {
      checkIndices(indices, manifest.count);
      const { ids, texts } = await readItemsAt(manifest, indices);
      return { ids, texts };
    },
    indicesOf: async (ids) => {
      const wanted = new Set(ids);
      const out = new Map<string, number>();
      for (let shard = 0; shard < manifest.shards.length && out.size < wanted.size; shard++) {
        const items = await readShardItems(manifest, shard);
        const start = manifest.shards[shard]!.start;
        items.ids.forEach((id, offset) => {
          if (wanted.has(id)) out.set(id, start + offset);
        });
      }
      return out;
    },
  };
}
