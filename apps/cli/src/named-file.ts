import { readFileSync } from 'node:fs';
import { BorderlineError } from '@borderline/core';
import { failureReason } from './exit-codes';

/**
 * The error for a file a person named that could not be read, saying what went wrong (the counterpart of
 * {@link cannotWrite}): `not-found` when it does not exist; otherwise `io` with the reason ("is a folder,
 * expected a file", "permission denied", else the system's own message). `component` opens the message
 * (`import`, `--annotator-map`); `kind` names the file as the command knows it (`the model file `).
 */
export function cannotRead(file: string, error: unknown, component: string, kind = ''): BorderlineError {
  const code = (error as { code?: unknown } | undefined)?.code;
  return new BorderlineError({
    code: code === 'ENOENT' ? 'not-found' : 'io',
    message: `${component}: cannot read ${kind}${file}: ${failureReason(error)}`,
    cause: error,
  });
}

/** Reads a file a person named (labels, tokens, a model); a failure is {@link cannotRead}'s error. */
export function readNamedFile(file: string, component: string, kind = ''): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw cannotRead(file, error, component, kind);
  }
}

/**
 * The error for a path a person named that cannot be written, the counterpart of {@link cannotRead}: `io`,
 * opening with `component` (`export`), naming the path and then `reason` ("it is a folder, not a file"; for a
 * file-system error, `failureReason(error)` from exit-codes, which says EACCES as "permission denied").
 * `cause` is the error behind it, if any.
 */
export function cannotWrite(
  path: string,
  reason: string,
  component: string,
  cause?: unknown,
): BorderlineError {
  return new BorderlineError({
    code: 'io',
    message: `${component}: cannot write ${path}: ${reason}`,
    ...(cause === undefined ? {} : { cause }),
  });
}
