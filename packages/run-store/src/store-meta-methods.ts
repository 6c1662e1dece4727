import { stringOf } from './database';
import type { StoreContext } from './store-context';
import type { RunStore } from './types';

/** The store's key-value methods: the run's meta (JSON values) and the cached hosted-model answers. */
export type MetaMethods = Pick<RunStore, 'getMeta' | 'setMeta' | 'getResponse' | 'setResponse'>;

/** The key-value methods over `ctx`; each write commits atomically. */
export function metaMethods({ db, atomic }: StoreContext): MetaMethods {
  return {
    getMeta: async <T>(key: string) => {
      const [row] = await db.rows('SELECT value FROM meta WHERE key = $1', [key]);
      const text = row === undefined ? undefined : stringOf(row.value ?? null);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    setMeta: (key, value) =>
      atomic(() => db.run('INSERT OR REPLACE INTO meta VALUES ($1, $2)', [key, JSON.stringify(value)])),
    getResponse: async (key) => {
      const [row] = await db.rows('SELECT value FROM responses WHERE key = $1', [key]);
      return row === undefined ? undefined : stringOf(row.value ?? null);
    },
    setResponse: (key, value) =>
      atomic(() => db.run('INSERT OR REPLACE INTO responses VALUES ($1, $2)', [key, value])),
  };
}
