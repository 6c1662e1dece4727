/** Pool indices (ascending, distinct) and, for each, its row in a local matrix of just those items. */
export interface LocalRows {
  /** Local row r holds pool item `items[r]`. */
  readonly items: Int32Array;
  /** Pool index -> local row. */
  readonly local: Map<number, number>;
  /** `items.length x dimensions`, row-major. */
  readonly embeddings: Float32Array;
}

/** The position of each of `items` (distinct), by item. */
export function positionsOf(items: Int32Array): Map<number, number> {
  const out = new Map<number, number>();
  for (let index = 0; index < items.length; index++) out.set(items[index]!, index);
  return out;
}

/**
 * Kept rows (by pool index) as one local matrix in ascending pool order, so that local order is pool order and
 * the shared steps break ties exactly as they do on the whole pool.
 */
export function localRows(rows: ReadonlyMap<number, Float32Array>, dimensions: number): LocalRows {
  const items = Int32Array.from(rows.keys()).sort();
  const embeddings = new Float32Array(items.length * dimensions);
  for (let index = 0; index < items.length; index++)
    embeddings.set(rows.get(items[index]!)!, index * dimensions);
  return { items, local: positionsOf(items), embeddings };
}
