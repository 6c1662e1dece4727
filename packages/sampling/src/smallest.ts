/**
 * Positions of the `take` smallest keys, smallest first; equal keys go to the lower position (so a caller that
 * shuffles positions with a seed gets seeded tie-breaking). A bounded max-heap: O(n log take), no per-item
 * allocation.
 */
export function smallestPositions(keys: Float64Array, take: number): Int32Array {
  const size = Math.min(take, keys.length);
  const heap = new Int32Array(size);
  const before = (a: number, b: number): boolean => keys[a]! < keys[b]! || (keys[a] === keys[b] && a < b);
  let filled = 0;
  for (let position = 0; position < keys.length; position++) {
    if (filled < size) {
      heap[filled] = position;
      let child = filled++;
      while (child > 0) {
        const parent = (child - 1) >> 1;
        if (!before(heap[parent]!, heap[child]!)) break;
        swap(heap, parent, child);
        child = parent;
      }
    } else if (size > 0 && before(position, heap[0]!)) {
      heap[0] = position;
      siftDown(heap, size, before);
    }
  }
  return heap.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
}

function swap(heap: Int32Array, a: number, b: number): void {
  const held = heap[a]!;
  heap[a] = heap[b]!;
  heap[b] = held;
}

function siftDown(heap: Int32Array, size: number, before: (a: number, b: number) => boolean): void {
  let parent = 0;
  for (;;) {
    const left = 2 * parent + 1;
    if (left >= size) return;
    const right = left + 1;
    const later = right < size && before(heap[left]!, heap[right]!) ? right : left;
    if (!before(heap[parent]!, heap[later]!)) return;
    swap(heap, parent, later);
    parent = later;
  }
}
