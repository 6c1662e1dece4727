import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ioError } from './io-error';

/** SHA-256 (hex) of bytes or text. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 (hex) of a file, streamed; a missing or unreadable file is `not-found` / `io` naming it. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
      hash.update(chunk as Buffer);
  } catch (error) {
    throw ioError(path, 'read', error);
  }
  return hash.digest('hex');
}
