import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { endianness } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { BorderlineError } from '@borderline/core';
import { ioError } from './io-error';

const MAGIC = 'BLARRAY1';

/** The element types an array file holds. */
export type ArrayType = 'float32' | 'float64' | 'int32' | 'uint8';

/** A typed array of one of the {@link ArrayType}s. */
export type StoredArray = Float32Array | Float64Array | Int32Array | Uint8Array;

const CONSTRUCTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint8: Uint8Array };

/** The header of an array file: free JSON fields plus the list of arrays that follow it. */
export interface ArrayFileHeader {
  readonly [field: string]: unknown;
  readonly arrays?: readonly { readonly name: string; readonly type: ArrayType; readonly length: number }[];
}

function typeOf(array: StoredArray): ArrayType {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  if (array instanceof Int32Array) return 'int32';
  return 'uint8';
}

const align8 = (offset: number) => Math.ceil(offset / 8) * 8;

function fsyncDirectory(directory: string): void {
  const handle = openSync(directory, 'r');
  try {
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
}

/**
 * Writes named typed arrays to `path` durably and at most once: bytes `BLARRAY1`, a little-endian u32 header
 * length, the JSON header (with the arrays' names, types and lengths), zero padding to 8 bytes, then each array
 * (little-endian, each padded to 8). The bytes go to a temporary file beside `path`, are fsynced, then renamed
 * into place and the folder fsynced: a reader never sees half a file, and a crash leaves at worst a stray
 * temporary. Returns false, writing nothing, when `path` already exists (a job run twice writes nothing twice;
 * two racing writers rename identical bytes).
 */
export function writeArrayFile(
  path: string,
  header: Readonly<Record<string, unknown>>,
  arrays: Readonly<Record<string, StoredArray>>,
): boolean {
  if (endianness() !== 'LE')
    throw new BorderlineError({ code: 'internal', message: 'array files need a little-endian machine' });
  if (existsSync(path)) return false;
  const list = Object.entries(arrays).map(([name, array]) => ({
    name,
    type: typeOf(array),
    length: array.length,
  }));
  const json = Buffer.from(JSON.stringify({ ...header, arrays: list }), 'utf8');
  const head = Buffer.alloc(align8(12 + json.length));
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length, 8);
  json.copy(head, 12);
  const directory = dirname(path);
  const temporary = join(
    directory,
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    mkdirSync(directory, { recursive: true });
    const handle = openSync(temporary, 'w');
    try {
      writeSync(handle, head);
      const padding = Buffer.alloc(8);
      for (const array of Object.values(arrays)) {
        const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
        writeSync(handle, bytes);
        const pad = align8(bytes.length) - bytes.length;
        if (pad > 0) writeSync(handle, padding, 0, pad);
      }
      fsyncSync(handle);
    } finally {
      closeSync(handle);
    }
    renameSync(temporary, path);
    fsyncDirectory(directory);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw ioError(path, 'write', error);
  }
  return true;
}

/** An array file read back: its header and its arrays by name. */
export interface ArrayFile {
  readonly header: ArrayFileHeader;
  readonly arrays: Readonly<Record<string, StoredArray>>;
}

function corrupt(path: string, why: string): BorderlineError {
  return new BorderlineError({
    code: 'invalid-data',
    message: `${path} is not a complete array file: ${why}`,
  });
}

/** Reads a file written by {@link writeArrayFile}; a short or foreign file is `invalid-data` naming it. */
export function readArrayFile(path: string): ArrayFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw ioError(path, 'read', error);
  }
  if (bytes.length < 12 || bytes.toString('latin1', 0, 8) !== MAGIC) throw corrupt(path, 'no BLARRAY1 magic');
  const length = bytes.readUInt32LE(8);
  if (12 + length > bytes.length) throw corrupt(path, 'the header is cut');
  let header: ArrayFileHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', 12, 12 + length)) as ArrayFileHeader;
  } catch {
    throw corrupt(path, 'the header is not JSON');
  }
  // Arrays are 8-aligned in the file; a buffer that does not start 8-aligned is copied so the views are too.
  const data = bytes.byteOffset % 8 === 0 ? bytes : Uint8Array.from(bytes);
  let offset = align8(12 + length);
  const arrays: Record<string, StoredArray> = {};
  for (const { name, type, length: count } of header.arrays ?? []) {
    const Constructor = CONSTRUCTORS[type];
    if (Constructor === undefined) throw corrupt(path, `unknown array type ${String(type)}`);
    const byteLength = count * Constructor.BYTES_PER_ELEMENT;
    if (offset + byteLength > data.length) throw corrupt(path, `array ${name} is cut`);
    arrays[name] = new Constructor(data.buffer as ArrayBuffer, data.byteOffset + offset, count);
    offset = align8(offset + byteLength);
  }
  return { header, arrays };
}

/**
 * Reads `length` elements from `start` of the array `name` of an array file without reading the rest (a pool-
 * sized input read one shard's slice at a time).
 */
export function readArraySlice(path: string, name: string, start: number, length: number): StoredArray {
  let handle: number;
  try {
    handle = openSync(path, 'r');
  } catch (error) {
    throw ioError(path, 'read', error);
  }
  try {
    const head = Buffer.alloc(12);
    readSync(handle, head, 0, 12, 0);
    if (head.toString('latin1', 0, 8) !== MAGIC) throw corrupt(path, 'no BLARRAY1 magic');
    const jsonLength = head.readUInt32LE(8);
    const json = Buffer.alloc(jsonLength);
    if (readSync(handle, json, 0, jsonLength, 12) !== jsonLength) throw corrupt(path, 'the header is cut');
    const header = JSON.parse(json.toString('utf8')) as ArrayFileHeader;
    let offset = align8(12 + jsonLength);
    for (const entry of header.arrays ?? []) {
      const Constructor = CONSTRUCTORS[entry.type];
      if (entry.name === name) {
        if (start < 0 || start + length > entry.length) {
          throw corrupt(
            path,
            `array ${name} has ${entry.length} elements, asked for ${start}..${start + length}`,
          );
        }
        const out = new Constructor(length);
        const bytes = new Uint8Array(out.buffer);
        const position = offset + start * Constructor.BYTES_PER_ELEMENT;
        if (readSync(handle, bytes, 0, bytes.length, position) !== bytes.length)
          throw corrupt(path, `array ${name} is cut`);
        return out;
      }
      offset = align8(offset + entry.length * Constructor.BYTES_PER_ELEMENT);
    }
    throw corrupt(path, `no array ${name}`);
  } finally {
    closeSync(handle);
  }
}
