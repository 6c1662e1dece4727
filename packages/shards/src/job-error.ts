import { BorderlineError, type DataIssue, type ErrorCode } from '@borderline/core';

/** A job's error as plain JSON, to cross a process or a queue and become a BorderlineError again. */
export interface SerialisedError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly issues: readonly DataIssue[];
  readonly retryable: boolean;
}

const PREFIX = 'borderline-error:';

/** Any thrown value as plain JSON (a non-borderline error is `internal`, with its message). */
export function serialiseError(error: unknown): SerialisedError {
  if (BorderlineError.is(error)) {
    return { code: error.code, message: error.message, issues: error.issues, retryable: error.retryable };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message, issues: [], retryable: false };
}

/** The error back as a BorderlineError. */
export function deserialiseError(error: SerialisedError): BorderlineError {
  return new BorderlineError({
    code: error.code,
    message: error.message,
    issues: error.issues,
    retryable: error.retryable,
  });
}

/** A serialised error in a message string (a queue keeps only a failed job's message). */
export function errorToMessage(error: unknown): string {
  return `${PREFIX}${JSON.stringify(serialiseError(error))}`;
}

/** Reads a message written by {@link errorToMessage}; any other text becomes an `internal` error. */
export function errorFromMessage(message: string): SerialisedError {
  if (message.startsWith(PREFIX)) {
    try {
      return JSON.parse(message.slice(PREFIX.length)) as SerialisedError;
    } catch {
      // fall through: not ours after all
    }
  }
  return { code: 'internal', message, issues: [], retryable: false };
}
