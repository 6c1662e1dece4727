import { BorderlineError } from '@borderline/core';

/** A failed file operation as `not-found` (ENOENT) or `io`, naming the path, the verb and the cause. */
export function ioError(path: string, verb: string, error: unknown): BorderlineError {
  const code = (error as { code?: unknown }).code;
  return new BorderlineError({
    code: code === 'ENOENT' ? 'not-found' : 'io',
    message: `cannot ${verb} ${path}: ${error instanceof Error ? error.message : String(error)}`,
    cause: error,
  });
}
