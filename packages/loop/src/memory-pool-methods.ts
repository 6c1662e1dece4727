import { invalidArgument } from '@borderline/core';
import type { CurationStore } from './curation-store';
import type { MemoryContext } from './memory-contents';

/** The in-memory store's pool methods. */
export type MemoryPoolMethods = Pick<CurationStore, 'poolSize' | 'pool' | 'itemsAt'>;

/** The pool methods over `ctx`: the pool as given, read whole or by index. */
export function memoryPoolMethods({ pool, size }: MemoryContext): MemoryPoolMethods {
  return {
    poolSize: size,
    pool: async () => pool,
    itemsAt: async (items) => {
      const outside = items.find((item) => !(item >= 0 && item < size && Number.isInteger(item)));
      if (outside !== undefined)
        throw invalidArgument('memory store', `item ${outside} is outside the pool of ${size}`);
      return { ids: items.map((item) => pool.ids[item]!), texts: items.map((item) => pool.texts[item]!) };
    },
  };
}
