import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BorderlineError } from '@borderline/core';

/**
 * Writes through a temporary file beside `path` and renames it into place only when `write` succeeds, so a
 * failed write leaves nothing behind (and an existing file untouched).
 */
export async function writeAtomically(
  path: string,
  write: (temporaryPath: string) => Promise<void>,
): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await write(temporary);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as { code?: unknown }).code;
    // Only failures of the file system become `io`; anything else (a bad record, a bug) passes unchanged.
    if (BorderlineError.is(error) || typeof code !== 'string') throw error;
    throw new BorderlineError({
      code: 'io',
      message: `cannot write ${path} (${code})`,
      cause: error,
    });
  }
}

/** Writes `data` to `path` through a temporary file beside it (see `writeAtomically`): all or nothing. */
export function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  return writeAtomically(path, (temporary) => writeFile(temporary, data));
}
