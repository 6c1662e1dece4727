import { createHash } from 'node:crypto';

/**
 * Where answers outlive the process. The CLI backs it with its run database, so a resumed run pays for no item
 * twice. Values are opaque strings (JSON written by the adapters).
 */
export interface ResponseStore {
  get(key: string): Promise<string | undefined> | string | undefined;
  set(key: string, value: string): Promise<void> | void;
}

/** The in-memory front of the cache, with the optional persistent store behind it. */
export interface ResponseCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

/** The parts that decide an answer: two requests with the same parts get the same answer from the cache. */
export interface CacheKeyParts {
  readonly provider: string;
  readonly model: string;
  /** The full prompt or request shape (system text, few-shot examples, schema, dimensions). */
  readonly prompt: string;
  readonly text: string;
}

/** A stable key: sha-256 over the parts, length-prefixed so no two part lists collide. */
export function cacheKey(parts: CacheKeyParts): string {
  const hash = createHash('sha256');
  for (const part of [parts.provider, parts.model, parts.prompt, parts.text]) {
    hash.update(`${part.length}:`);
    hash.update(part);
  }
  return hash.digest('hex');
}

/** A cache that reads memory first, then the store (copying hits into memory), and writes both. */
export function createResponseCache(store?: ResponseStore): ResponseCache {
  const memory = new Map<string, string>();
  return {
    async get(key) {
      const held = memory.get(key);
      if (held !== undefined || store === undefined) return held;
      const stored = await store.get(key);
      if (stored !== undefined) memory.set(key, stored);
      return stored;
    },
    async set(key, value) {
      memory.set(key, value);
      if (store !== undefined) await store.set(key, value);
    },
  };
}
