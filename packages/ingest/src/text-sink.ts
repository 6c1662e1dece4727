import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/** A text file being written, gzipped when asked; `write` honours back-pressure. */
export interface TextSink {
  write(text: string): Promise<void>;
  close(): Promise<void>;
  /** Stops writing and resolves once the file is closed (so the caller can remove it). */
  abort(): Promise<void>;
}

/** Resolves on 'drain', rejects on 'error', and leaves no listener behind either way. */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: unknown) => {
      stream.off('drain', done);
      stream.off('error', done);
      if (error === undefined) resolve();
      else reject(error);
    };
    stream.on('drain', done);
    stream.on('error', done);
  });
}

/** Opens `path` for writing text (UTF-8), through gzip when `gzip`. */
export function openTextSink(path: string, gzip: boolean): TextSink {
  const file = createWriteStream(path);
  const head: Writable = gzip ? createGzip() : file;
  if (gzip) head.pipe(file);
  let failure: unknown;
  const remember = (error: unknown) => {
    failure ??= error;
  };
  file.on('error', remember);
  head.on('error', remember);
  return {
    async write(text) {
      if (failure !== undefined) throw failure;
      if (!head.write(text)) await drained(head);
      if (failure !== undefined) throw failure;
    },
    async abort() {
      head.destroy();
      file.destroy();
      await finished(file).catch(() => undefined);
    },
    async close() {
      head.end();
      await finished(file);
      if (failure !== undefined) throw failure;
    },
  };
}
