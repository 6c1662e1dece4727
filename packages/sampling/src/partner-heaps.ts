/**
 * Many bounded max-heaps, each keeping the `capacity` smallest values offered to it with the item and its row:
 * the members of a cluster nearest one partner centroid, collected shard by shard. Flat typed arrays, no
 * allocation per offer. The replacement rule is `smallestInColumn`'s (candidate-pairs.ts): a full heap takes a
 * value only when it is strictly below its largest, so offering rows in pool order keeps the same members.
 */
export class PartnerHeaps {
  readonly count: number;
  readonly capacity: number;
  readonly dimensions: number;
  /** Per heap: slots in heap order (a slot names a stored item and row). */
  readonly #order: Int32Array;
  readonly #values: Float64Array;
  readonly #filled: Int32Array;
  /** Per slot: the pool item and its row. */
  readonly #items: Int32Array;
  readonly #rows: Float32Array;

  constructor(count: number, capacity: number, dimensions: number) {
    this.count = count;
    this.capacity = capacity;
    this.dimensions = dimensions;
    this.#order = new Int32Array(count * capacity);
    this.#values = new Float64Array(count * capacity);
    this.#filled = new Int32Array(count);
    this.#items = new Int32Array(count * capacity);
    this.#rows = new Float32Array(count * capacity * dimensions);
  }

  /** Offers `item` (its row is `source[row * dimensions ..]`) at `value` to heap `heap`. */
  offer(heap: number, value: number, item: number, source: Float32Array, row: number): void {
    const base = heap * this.capacity;
    const filled = this.#filled[heap]!;
    let slot: number;
    if (filled < this.capacity) {
      slot = base + filled;
      this.#order[base + filled] = slot;
      this.#values[base + filled] = value;
      this.#filled[heap] = filled + 1;
      this.#siftUp(base, filled);
    } else if (value < this.#values[base]!) {
      slot = this.#order[base]!;
      this.#values[base] = value;
      this.#siftDown(base);
    } else return;
    this.#items[slot] = item;
    const d = this.dimensions;
    this.#rows.set(source.subarray(row * d, (row + 1) * d), slot * d);
  }

  /** Heap `heap`'s items, ascending (pool order). */
  items(heap: number): Int32Array {
    const base = heap * this.capacity;
    const out = new Int32Array(this.#filled[heap]!);
    for (let index = 0; index < out.length; index++) out[index] = this.#items[this.#order[base + index]!]!;
    return out.sort();
  }

  /** Visits heap `heap`'s items with their rows (views, valid while the heaps live), in no particular order. */
  forEachRow(heap: number, visit: (item: number, row: Float32Array) => void): void {
    const base = heap * this.capacity;
    const d = this.dimensions;
    for (let index = 0; index < this.#filled[heap]!; index++) {
      const slot = this.#order[base + index]!;
      visit(this.#items[slot]!, this.#rows.subarray(slot * d, (slot + 1) * d));
    }
  }

  #swap(a: number, b: number): void {
    const slot = this.#order[a]!;
    this.#order[a] = this.#order[b]!;
    this.#order[b] = slot;
    const value = this.#values[a]!;
    this.#values[a] = this.#values[b]!;
    this.#values[b] = value;
  }

  #siftUp(base: number, at: number): void {
    let child = at;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (this.#values[base + parent]! >= this.#values[base + child]!) return;
      this.#swap(base + parent, base + child);
      child = parent;
    }
  }

  #siftDown(base: number): void {
    const size = this.capacity;
    let parent = 0;
    for (;;) {
      const left = 2 * parent + 1;
      if (left >= size) return;
      const right = left + 1;
      const larger = right < size && this.#values[base + right]! > this.#values[base + left]! ? right : left;
      if (this.#values[base + parent]! >= this.#values[base + larger]!) return;
      this.#swap(base + parent, base + larger);
      parent = larger;
    }
  }
}
