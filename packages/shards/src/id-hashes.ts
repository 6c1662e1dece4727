/**
 * 64-bit hashes of item ids in one typed array (8 bytes per item), so duplicate ids across a pool of any
 * number of shards are found in bounded memory: hash every id, sort, compare neighbours. Equal hashes are only
 * candidates; the caller confirms them by reading the ids again.
 */
export interface IdHashes {
  readonly count: number;
  add(id: string): void;
  /** Sorted hashes (the array is consumed: `add` may not be called after). */
  sorted(): BigUint64Array;
}

/** Two independent 32-bit string hashes (FNV-1a and a multiply-xorshift), high and low words of one key. */
export function hashPair(text: string, out: Uint32Array, at: number): void {
  let high = 0x811c9dc5;
  let low = 0x9747b28c;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    high = Math.imul(high ^ code, 0x01000193);
    low = Math.imul(low ^ code, 0x5bd1e995);
    low ^= low >>> 15;
  }
  low = Math.imul(low ^ text.length, 0x85ebca6b);
  low ^= low >>> 13;
  // Little-endian: the low word first, so the BigUint64Array view sorts by (high, low).
  out[at] = low >>> 0;
  out[at + 1] = high >>> 0;
}

/** The 64-bit key of `text` as a BigInt (for the few candidates only, never in the hot loop). */
export function hashKey(text: string): bigint {
  hashPair(text, scratchWords, 0);
  return scratchKey[0] as bigint;
}

const scratchWords = new Uint32Array(2);
const scratchKey = new BigUint64Array(scratchWords.buffer);

/** An empty, growing set of id hashes. */
export function createIdHashes(expected = 1 << 16): IdHashes {
  let words = new Uint32Array(Math.max(2, expected * 2));
  let count = 0;
  return {
    get count() {
      return count;
    },
    add(id) {
      if (count * 2 === words.length) {
        const grown = new Uint32Array(words.length * 2);
        grown.set(words);
        words = grown;
      }
      hashPair(id, words, count * 2);
      count++;
    },
    sorted() {
      const keys = new BigUint64Array(words.buffer, 0, count);
      keys.sort();
      return keys;
    },
  };
}

/** The keys that occur more than once in a sorted array. */
export function repeatedKeys(sorted: BigUint64Array): Set<bigint> {
  const repeated = new Set<bigint>();
  for (let index = 1; index < sorted.length; index++) {
    if (sorted[index] === sorted[index - 1]) repeated.add(sorted[index] as bigint);
  }
  return repeated;
}
