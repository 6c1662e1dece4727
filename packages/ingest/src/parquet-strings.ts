import { isUtf8 } from 'node:buffer';
import type { ColumnChunk, SchemaElement } from 'hyparquet';
import { snappyUncompress } from 'hyparquet';
// hyparquet's page-header parser (thrift compact protocol), reached through its exported `src/*.js` paths.
import { parquetHeader } from 'hyparquet/src/column.js';
import { InvalidUtf8 } from './parquet-rows';

/** A decoded string cell: text, `InvalidUtf8` for bad bytes, or null. */
export type StringCell = string | InvalidUtf8 | null;

const strict = new TextDecoder('utf-8', { fatal: true });

// Scratch space reused across pages (decoding is synchronous, and strings are copied out of it): a fresh
// megabyte-sized buffer per page counted as external memory and brought on extra garbage collections.
let scratch = new Uint8Array(1 << 20);
let presence = new Uint8Array(1 << 14);

function scratchOf(size: number): Uint8Array {
  if (scratch.length < size) scratch = new Uint8Array(Math.max(size, scratch.length * 2));
  return scratch.subarray(0, size);
}

function presenceOf(rows: number): Uint8Array {
  if (presence.length < rows) presence = new Uint8Array(Math.max(rows, presence.length * 2));
  return presence.subarray(0, rows);
}

/**
 * Whether `decodeStringChunk` can read a column chunk: a top-level string column, no dictionary page, a codec
 * decompressed here. (The common case for ids and texts: too many distinct values for a dictionary.)
 */
export function isPlainStringChunk(element: SchemaElement, chunk: ColumnChunk): boolean {
  const meta = chunk.meta_data;
  if (meta === undefined || meta.type !== 'BYTE_ARRAY' || element.repetition_type === 'REPEATED')
    return false;
  if (element.num_children) return false;
  if (meta.codec !== 'SNAPPY' && meta.codec !== 'UNCOMPRESSED') return false;
  if (meta.dictionary_page_offset !== undefined && meta.dictionary_page_offset > 0n) return false;
  const converted = element.converted_type;
  const logical = element.logical_type?.type;
  return (
    (converted === undefined || converted === 'UTF8' || converted === 'JSON') &&
    (logical === undefined || logical === 'STRING' || logical === 'JSON')
  );
}

/** Definition levels of bit width 1 (RLE / bit-packed hybrid) into `present`: 1 = a value, 0 = null. */
function readPresence(page: Uint8Array, start: number, end: number, present: Uint8Array): void {
  let at = start;
  let seen = 0;
  while (seen < present.length) {
    if (at >= end) throw new Error('parquet definition levels end early');
    let header = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = page[at++]!;
      header |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    if (header & 1) {
      const groups = header >>> 1;
      for (let bit = 0; bit < groups * 8 && seen < present.length; bit++) {
        present[seen++] = (page[at + (bit >> 3)]! >> (bit & 7)) & 1;
      }
      at += groups;
    } else {
      present.fill(page[at++]! & 1, seen, Math.min(present.length, seen + (header >>> 1)));
      seen += header >>> 1;
    }
  }
}

/** Node's Buffer decodes a byte range without making a view object (`toString` checks its arguments first). */
type PageBuffer = Buffer & { utf8Slice(start: number, end: number): string };

/**
 * One string from a page. Unless the page was found valid as a whole, only a U+FFFD in the (lossy, cheap)
 * result calls for a strict check of the value.
 */
function stringAt(page: PageBuffer, start: number, end: number, valid: boolean): string | InvalidUtf8 {
  const text = page.utf8Slice(start, end);
  if (valid || !text.includes('\uFFFD')) return text;
  try {
    return strict.decode(page.subarray(start, end));
  } catch {
    return new InvalidUtf8(text);
  }
}

/** The PLAIN values of one v1 data page into `out` from `row`; returns the next row. */
function readPage(page: PageBuffer, rows: number, optional: boolean, out: StringCell[], row: number): number {
  let at = 0;
  let present: Uint8Array | undefined;
  if (optional) {
    const length = page.readUInt32LE(0);
    present = presenceOf(rows);
    readPresence(page, 4, 4 + length, present);
    at = 4 + length;
  }
  // One SIMD check of the whole values section instead of one per value. A bad sequence can only pass it by
  // borrowing bytes of a length prefix that has a byte >= 0x80; the values on both sides of one are re-checked.
  const valid = isUtf8(page.subarray(at));
  let previousRow = -1;
  let previousStart = 0;
  for (let index = 0; index < rows; index++) {
    if (present !== undefined && present[index] === 0) {
      out[row++] = null;
      continue;
    }
    const length = page.readUInt32LE(at);
    const asciiPrefix = (length & 0x80808080) === 0;
    if (valid && !asciiPrefix && previousRow >= 0) {
      out[previousRow] = stringAt(page, previousStart, at, false);
    }
    at += 4;
    if (at + length > page.length) throw new Error('parquet string runs past the end of its page');
    previousRow = row;
    previousStart = at;
    out[row++] = stringAt(page, at, at + length, valid && asciiPrefix);
    at += length;
  }
  return row;
}

/**
 * Decodes a whole plain-encoded string column chunk (`bytes`, from its first page) into `rows` cells, straight
 * from the page bytes: no view object per value, which is most of a general reader's cost on text columns.
 * Returns undefined when a page is of a kind it does not read (dictionary, v2, another encoding).
 */
export function decodeStringChunk(
  bytes: Uint8Array,
  rows: number,
  codec: 'SNAPPY' | 'UNCOMPRESSED',
  optional: boolean,
): StringCell[] | undefined {
  const out = new Array<StringCell>(rows);
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  let row = 0;
  while (row < rows) {
    const header = parquetHeader(reader);
    const size = header.compressed_page_size;
    const compressed = bytes.subarray(reader.offset, reader.offset + size);
    reader.offset += size;
    const values = header.data_page_header;
    if (header.type !== 'DATA_PAGE' || values === undefined || values.encoding !== 'PLAIN') return undefined;
    if (values.num_values > rows - row) throw new Error('parquet page holds more values than its row group');
    let plain = compressed;
    if (codec === 'SNAPPY') {
      // A plain Uint8Array, not a Buffer: the decompressor's loops stay monomorphic (a Buffer made it ~40% slower).
      plain = scratchOf(header.uncompressed_page_size);
      snappyUncompress(compressed, plain);
    }
    const page = Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength) as PageBuffer;
    row = readPage(page, values.num_values, optional, out, row);
  }
  return out;
}
