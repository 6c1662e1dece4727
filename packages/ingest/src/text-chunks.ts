import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { BorderlineError } from '@borderline/core';
import type { IssueSink } from './issue-sink';

/** A run of whole lines of a text file, decoded. */
export interface TextChunk {
  /** The decoded lines, each ending in `\n` except perhaps the file's last. */
  readonly text: string;
  /** The 1-based line number of the chunk's first line. */
  readonly firstLine: number;
}

const NEWLINE = 0x0a;
const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  let at = bytes.indexOf(NEWLINE);
  while (at !== -1) {
    count++;
    at = bytes.indexOf(NEWLINE, at + 1);
  }
  return count;
}

/**
 * Decodes whole lines strictly. The fast path decodes the chunk at once; only when that fails are the lines
 * decoded one by one, so each line of invalid UTF-8 is reported with its number (and decoded with U+FFFD).
 */
function decodeLines(bytes: Uint8Array, firstLine: number, file: string, sink: IssueSink): string {
  try {
    return fatalDecoder.decode(bytes);
  } catch {
    const parts: string[] = [];
    let start = 0;
    let line = firstLine;
    while (start < bytes.length) {
      const newline = bytes.indexOf(NEWLINE, start);
      const end = newline === -1 ? bytes.length : newline + 1;
      const slice = bytes.subarray(start, end);
      try {
        parts.push(fatalDecoder.decode(slice));
      } catch {
        sink.add({ file, line, message: 'invalid UTF-8', expected: 'UTF-8 text', found: 'invalid bytes' });
        parts.push(lenientDecoder.decode(slice));
      }
      start = end;
      line++;
    }
    return parts.join('');
  }
}

function openBytes(path: string, gzip: boolean): AsyncIterable<Buffer> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  return gzip ? stream.pipe(createGunzip()) : stream;
}

function ioError(path: string, error: unknown): BorderlineError {
  const code = (error as { code?: string }).code;
  return new BorderlineError({
    code: code === 'ENOENT' ? 'not-found' : 'io',
    message: `cannot read ${path}${code ? ` (${code})` : ''}`,
    cause: error,
  });
}

/**
 * Streams a text file (gunzipped when `gzip`) as chunks of whole decoded lines with their line numbers.
 * A UTF-8 byte-order mark at the start is dropped. Invalid UTF-8 goes to `sink` with its line.
 */
export async function* readTextChunks(
  path: string,
  gzip: boolean,
  sink: IssueSink,
): AsyncGenerator<TextChunk> {
  let carry: Buffer | undefined;
  let line = 1;
  let first = true;
  try {
    for await (const piece of openBytes(path, gzip)) {
      let bytes = carry ? Buffer.concat([carry, piece]) : piece;
      if (first) {
        first = false;
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      }
      const lastNewline = bytes.lastIndexOf(NEWLINE);
      if (lastNewline === -1) {
        carry = bytes;
        continue;
      }
      const whole = bytes.subarray(0, lastNewline + 1);
      carry = lastNewline + 1 < bytes.length ? Buffer.from(bytes.subarray(lastNewline + 1)) : undefined;
      yield { text: decodeLines(whole, line, path, sink), firstLine: line };
      line += countNewlines(whole);
    }
  } catch (error) {
    if (BorderlineError.is(error)) throw error;
    throw ioError(path, error);
  }
  if (carry && carry.length > 0) yield { text: decodeLines(carry, line, path, sink), firstLine: line };
}
