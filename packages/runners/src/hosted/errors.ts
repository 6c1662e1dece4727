import { BorderlineError } from '@borderline/core';
import { redact } from './redact';

/**
 * A `runner` error naming the component, with every secret removed from the message. The provider's own error
 * object is never attached as `cause` (it can hold request options); a plain summary is attached instead.
 */
export function runnerError(options: {
  readonly component: string;
  readonly message: string;
  readonly retryable: boolean;
  readonly secrets: readonly string[];
  readonly status?: number;
}): BorderlineError {
  const message = redact(`${options.component}: ${options.message}`, options.secrets);
  return new BorderlineError({
    code: 'runner',
    message,
    retryable: options.retryable,
    cause: options.status === undefined ? undefined : { status: options.status },
  });
}

/** An `aborted` error for a hosted call whose signal fired. */
export function abortedError(component: string): BorderlineError {
  return new BorderlineError({ code: 'aborted', message: `${component}: aborted` });
}

/** The text of any thrown value, for a message (callers redact it). */
export function describeThrown(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
