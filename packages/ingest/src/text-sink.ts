import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/** A text file being written, gzipped when asked; `write` honours back-pressure. */
export interface TextSink {
  write(text: string): Promise<void>;
  close(): Promise<void>;
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
      if (!head.write(text)) await Promise.race([once(head, 'drain'), once(head, 'error')]);
      if (failure !== undefined) throw failure;
    },
    async close() {
      head.end();
      await finished(file);
      if (failure !== undefined) throw failure;
    },
  };
}
