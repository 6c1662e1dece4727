import { createRng, type Seed } from '@borderline/core';
import { expertVerdict, gatherRows, type ItemRows, type VectorSpace } from '@borderline/loop';
import type { Annotator, Embedder } from '@borderline/runners';
import type { Stopwatch } from './stopwatch';

/** A pool with its vectors, embedded once and shared by every condition of a task. */
export interface EmbeddedPool {
  readonly ids: readonly string[];
  readonly texts: readonly string[];
  readonly embeddings: Float32Array;
  readonly space: VectorSpace;
}

/** The items (ids and texts) with their vectors in `embedder`, the embedding timed as stopwatch `stage`. */
export async function embedPool(
  items: { readonly ids: readonly string[]; readonly texts: readonly string[] },
  embedder: Embedder,
  stopwatch: Stopwatch,
  stage: string,
  signal?: AbortSignal,
): Promise<EmbeddedPool> {
  const embeddings = await stopwatch.time(stage, () =>
    embedder.embed(items.texts, signal === undefined ? {} : { signal }),
  );
  return {
    ids: items.ids,
    texts: items.texts,
    embeddings,
    space: { embedderId: embedder.modelId, dimensions: embedder.dimensions },
  };
}

/** Items labelled by the expert panel outside the curation budget, with their expert majority. */
export interface AuditSet {
  /** Indices into the full pool, ascending; ties and unavailable items are left out. */
  readonly items: Int32Array;
  readonly labels: Uint8Array;
  /** The items' vectors and texts, to score a model on. */
  readonly rows: ItemRows;
  /** Items drawn, including those left out. */
  readonly drawn: number;
}

/** The pool a curation run sees: the full pool without the audit items, and the map back. */
export interface CurationPool extends EmbeddedPool {
  /** Full-pool index of each curation-pool item. */
  readonly fullIndex: Int32Array;
}

/** Draws `size` items uniformly (seeded) from the pool for the audit set. */
export function drawAuditItems(poolSize: number, size: number, seed: Seed): Int32Array {
  return createRng(seed).fork('audit').sample(poolSize, Math.min(size, poolSize)).sort();
}

/** Has the panel label the audit items and keeps those with a strict expert majority. */
export async function labelAuditSet(
  pool: EmbeddedPool,
  drawn: Int32Array,
  annotator: Annotator,
  positive: string,
  signal?: AbortSignal,
): Promise<AuditSet> {
  const annotations = await annotator.annotate(
    Array.from(drawn, (index) => ({ id: pool.ids[index]!, text: pool.texts[index]! })),
    signal === undefined ? {} : { signal },
  );
  const positionOf = new Map(Array.from(drawn, (index, position) => [pool.ids[index]!, position]));
  const kept: number[] = [];
  const labels: number[] = [];
  for (const annotation of annotations) {
    if (annotation.status !== 'labelled' || annotation.labels.length === 0) continue;
    const position = positionOf.get(annotation.item)!;
    const codes = annotation.labels.map((label) => (label.label === positive ? 1 : 0));
    const verdict = expertVerdict(
      { item: position, iteration: 0, annotators: codes.map((_, slot) => slot), labels: codes },
      'exclude',
    );
    if (verdict.label === null) continue;
    kept.push(drawn[position]!);
    labels.push(verdict.label);
  }
  const order = kept.map((_, position) => position).sort((a, b) => kept[a]! - kept[b]!);
  const items = Int32Array.from(order, (position) => kept[position]!);
  const texts = Array.from(items, (index) => pool.texts[index]!);
  return {
    items,
    labels: Uint8Array.from(order, (position) => labels[position]!),
    rows: {
      space: pool.space,
      vectors: gatherRows(pool.embeddings, pool.space.dimensions, items),
      texts: () => texts,
    },
    drawn: drawn.length,
  };
}

/** The full pool minus `excluded` (ascending full-pool indices). */
export function curationPool(pool: EmbeddedPool, excluded: Int32Array): CurationPool {
  const skip = new Uint8Array(pool.ids.length);
  for (const index of excluded) skip[index] = 1;
  const fullIndex: number[] = [];
  for (let index = 0; index < pool.ids.length; index++) if (skip[index] === 0) fullIndex.push(index);
  return {
    ids: fullIndex.map((index) => pool.ids[index]!),
    texts: fullIndex.map((index) => pool.texts[index]!),
    embeddings: gatherRows(pool.embeddings, pool.space.dimensions, fullIndex),
    space: pool.space,
    fullIndex: Int32Array.from(fullIndex),
  };
}
