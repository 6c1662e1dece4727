import { invalidArgument } from '@borderline/core';

/** Options of {@link createSideClusterCache}. */
export interface SideClusterCacheOptions {
  /** Lloyd rounds at most for a warm-started side (default 5; the fresh default is 20, or mini-batch). */
  readonly rounds?: number;
}

/** What the cache kept of one side's last clustering. */
interface KeptCentres {
  readonly k: number;
  readonly centroids: Float32Array;
}

/**
 * Keeps each predicted side's k-means centres between calls of `selectBoundaryPairs` on one pool, so the next
 * call's clustering of that side starts from them (warm start) instead of from k-means++. The pool's vectors do
 * not change between iterations, only the predicted sides and the reviewed items do, so last iteration's centres
 * are a good start. A side is warm-started only when the cache last saw the same embeddings (by reference) and the
 * same number of clusters for it; otherwise it is clustered as without a cache, so the first call with a new cache
 * selects exactly what a call without one does. Keep one cache per curated run: sharing it between runs makes a
 * run's batches depend on the other's. Opt-in (the option `clusterCache`). The README's 5-seed replay comparison
 * favours `clusterSample` as the fast path (with the cache, audit kappa on the lower task fell in 8 of 10 runs).
 */
export class SideClusterCache {
  /** Lloyd rounds at most for a warm-started side. */
  readonly rounds: number;
  #embeddings: Float32Array | undefined;
  #dimensions = 0;
  readonly #sides = new Map<0 | 1, KeptCentres>();
  #warm = 0;
  #fresh = 0;

  constructor(options: SideClusterCacheOptions = {}) {
    const { rounds = 5 } = options;
    if (!Number.isInteger(rounds) || rounds < 1) {
      throw invalidArgument('SideClusterCache', `rounds must be a positive integer, got ${rounds}`);
    }
    this.rounds = rounds;
  }

  /** Sides clustered from kept centres, and sides clustered afresh, since the cache was made. */
  get counts(): { readonly warm: number; readonly fresh: number } {
    return { warm: this.#warm, fresh: this.#fresh };
  }

  /** The centres to start `label`'s side from, when the cache holds them for this pool and k. */
  start(embeddings: Float32Array, dimensions: number, label: 0 | 1, k: number): Float32Array | undefined {
    if (embeddings !== this.#embeddings || dimensions !== this.#dimensions) {
      this.#embeddings = embeddings;
      this.#dimensions = dimensions;
      this.#sides.clear();
    }
    const kept = this.#sides.get(label);
    const hit = kept !== undefined && kept.k === k ? kept.centroids.slice() : undefined;
    if (hit === undefined) this.#fresh++;
    else this.#warm++;
    return hit;
  }

  /** Keeps a side's new centres (k x dimensions) for the next call. */
  keep(label: 0 | 1, k: number, centroids: Float32Array): void {
    this.#sides.set(label, { k, centroids: centroids.slice(0, k * this.#dimensions) });
  }
}

/** A new, empty {@link SideClusterCache}. */
export function createSideClusterCache(options: SideClusterCacheOptions = {}): SideClusterCache {
  return new SideClusterCache(options);
}
