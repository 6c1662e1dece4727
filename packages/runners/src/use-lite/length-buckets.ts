/** One forward pass: `rows` texts of exactly `length` tokens, `order[start .. start + rows - 1]`. */
export interface LengthBatch {
  readonly start: number;
  readonly rows: number;
  readonly length: number;
}

/** Texts grouped by exact token count, so no forward pass computes padding. */
export interface LengthPlan {
  /** Text indices by ascending token count (input order within a count); texts without tokens are left out. */
  readonly order: Int32Array;
  readonly batches: readonly LengthBatch[];
  /** Tokens computed: the sum of the texts' token counts (no padding by construction). */
  readonly tokens: number;
}

/**
 * Buckets texts by exact token count (a counting sort, stable) and cuts each bucket into passes of at most
 * `batchTokens` tokens (at least one text each). Every text is then embedded in a pass of texts as long as
 * itself, which is what makes its vector independent of the other texts of the call.
 */
export function planLengthBatches(offsets: Int32Array, batchTokens: number): LengthPlan {
  const count = offsets.length - 1;
  let longest = 0;
  for (let index = 0; index < count; index++)
    longest = Math.max(longest, offsets[index + 1]! - offsets[index]!);
  const starts = new Int32Array(longest + 2);
  for (let index = 0; index < count; index++) starts[offsets[index + 1]! - offsets[index]! + 1]!++;
  for (let length = 1; length <= longest + 1; length++) starts[length]! += starts[length - 1]!;
  const empty = starts[1]!;
  const order = new Int32Array(count - empty);
  const cursor = starts.slice();
  for (let index = 0; index < count; index++) {
    const length = offsets[index + 1]! - offsets[index]!;
    if (length > 0) order[cursor[length]!++ - empty] = index;
  }
  const batches: LengthBatch[] = [];
  let tokens = 0;
  for (let length = 1; length <= longest; length++) {
    const bucketStart = starts[length]! - empty;
    const bucketEnd = starts[length + 1]! - empty;
    const perPass = Math.max(1, Math.floor(batchTokens / length));
    for (let start = bucketStart; start < bucketEnd; start += perPass) {
      const rows = Math.min(perPass, bucketEnd - start);
      batches.push({ start, rows, length });
      tokens += rows * length;
    }
  }
  return { order, batches, tokens };
}
