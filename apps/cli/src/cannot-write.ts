import { BorderlineError } from '@borderline/core';

/**
 * The error for a path a person named that cannot be written, the counterpart of `cannotRead`: `io`, opening
 * with `component` (`export`), naming the path and then `reason` ("it is a folder, not a file"; for a
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
