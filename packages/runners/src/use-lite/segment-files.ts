/**
 * The on-disk layer of the embedding cache: immutable segment files of (key, Float32 vector) rows. Only `node:`
 * imports, so a test can run it in plain child processes racing on one directory.
 *
 * A segment is `BLEMB001`, dimensions (u32 LE), count (u32 LE), count 16-byte keys, then count x dimensions
 * Float32 LE. It is written to a temporary file in the same directory and renamed into place, so a reader sees a
 * whole segment or none; two writers never write the same file. Compaction writes one merged segment the same way
 * and only then removes the segments it read, so every vector on disk stays reachable until a copy exists.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes of a row key (the first 16 bytes of the text's SHA-256). */
export const KEY_BYTES = 16;
const MAGIC = 'BLEMB001';
const HEADER = 16;
const SUFFIX = '.seg';

/** One segment read back: keys and vectors are views of the file's bytes. */
export interface Segment {
  readonly file: string;
  readonly count: number;
  readonly keys: Uint8Array;
  readonly vectors: Float32Array;
}

/** Segments of a directory; files that vanished, are foreign or truncated, are skipped and named. */
export interface SegmentListing {
  readonly segments: Segment[];
  readonly skipped: string[];
}

/** Writes `count` rows as a new segment; returns its file name. Throws what the file system throws. */
export function writeSegment(
  directory: string,
  keys: Uint8Array,
  vectors: Float32Array,
  dimensions: number,
): string {
  const count = keys.length / KEY_BYTES;
  if (!Number.isInteger(count) || vectors.length !== count * dimensions) {
    throw new RangeError(
      `segment: ${keys.length} key bytes and ${vectors.length} values for ${dimensions}-d rows`,
    );
  }
  const file = Buffer.alloc(HEADER + keys.length + vectors.byteLength);
  file.write(MAGIC, 0, 'latin1');
  file.writeUInt32LE(dimensions, 8);
  file.writeUInt32LE(count, 12);
  file.set(keys, HEADER);
  file.set(new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength), HEADER + keys.length);
  mkdirSync(directory, { recursive: true });
  const name = `${Date.now().toString(36)}-${process.pid}-${randomBytes(6).toString('hex')}${SUFFIX}`;
  const temporary = join(directory, `.${name}.tmp`);
  try {
    writeFileSync(temporary, file);
    renameSync(temporary, join(directory, name));
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
    throw error;
  }
  return name;
}

/** Reads every segment of `directory` whose rows are `dimensions` wide. A missing directory is empty. */
export function readSegments(directory: string, dimensions: number): SegmentListing {
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => name.endsWith(SUFFIX));
  } catch {
    return { segments: [], skipped: [] };
  }
  names.sort();
  const segments: Segment[] = [];
  const skipped: string[] = [];
  for (const name of names) {
    const segment = readSegment(join(directory, name), name, dimensions);
    if (segment === undefined) skipped.push(name);
    else segments.push(segment);
  }
  return { segments, skipped };
}

function readSegment(path: string, name: string, dimensions: number): Segment | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    // Removed by a concurrent compaction: its rows are in the merged segment.
    return undefined;
  }
  if (bytes.length < HEADER || bytes.toString('latin1', 0, 8) !== MAGIC) return undefined;
  const count = bytes.readUInt32LE(12);
  if (
    bytes.readUInt32LE(8) !== dimensions ||
    bytes.length !== HEADER + count * (KEY_BYTES + 4 * dimensions)
  ) {
    return undefined;
  }
  const keys = new Uint8Array(bytes.buffer, bytes.byteOffset + HEADER, count * KEY_BYTES);
  const at = bytes.byteOffset + HEADER + count * KEY_BYTES;
  // A Float32Array view needs 4-byte alignment; copy in the rare case the buffer does not give it.
  const vectors =
    at % 4 === 0
      ? new Float32Array(bytes.buffer, at, count * dimensions)
      : new Float32Array(bytes.buffer.slice(at, at + count * dimensions * 4));
  return { file: name, count, keys, vectors };
}

/**
 * Merges `segments` (as read from `directory`) into one, first row of each key kept, then removes them. Returns
 * the merged segment's name.
 */
export function compactSegments(directory: string, segments: readonly Segment[], dimensions: number): string {
  const seen = new Set<string>();
  let rows = 0;
  for (const segment of segments) rows += segment.count;
  const keys = new Uint8Array(rows * KEY_BYTES);
  const vectors = new Float32Array(rows * dimensions);
  let kept = 0;
  for (const segment of segments) {
    for (let row = 0; row < segment.count; row++) {
      const key = segment.keys.subarray(row * KEY_BYTES, (row + 1) * KEY_BYTES);
      const id = Buffer.from(key.buffer, key.byteOffset, KEY_BYTES).toString('latin1');
      if (seen.has(id)) continue;
      seen.add(id);
      keys.set(key, kept * KEY_BYTES);
      vectors.set(segment.vectors.subarray(row * dimensions, (row + 1) * dimensions), kept * dimensions);
      kept++;
    }
  }
  const merged = writeSegment(
    directory,
    keys.subarray(0, kept * KEY_BYTES),
    vectors.subarray(0, kept * dimensions),
    dimensions,
  );
  for (const segment of segments) {
    try {
      unlinkSync(join(directory, segment.file));
    } catch {
      // already removed by a concurrent compaction
    }
  }
  return merged;
}
