import { BorderlineError } from '@borderline/core';

/** 0: ok. 1: the user's input or run state is wrong. 2: borderline itself failed. */
export const EXIT_OK = 0;
export const EXIT_USER = 1;
export const EXIT_INTERNAL = 2;

/** The one place errors become exit codes and messages. */
export function describeFailure(error: unknown): { code: number; message: string } {
  if (BorderlineError.is(error)) {
    switch (error.code) {
      case 'invalid-argument':
      case 'invalid-data':
      case 'not-found':
      case 'run-locked':
      case 'run-state':
      case 'degenerate':
      case 'aborted':
        return { code: EXIT_USER, message: error.message };
      case 'io':
      case 'runner':
        return { code: EXIT_USER, message: `${error.message}${causeText(error.cause)}` };
      case 'internal':
        return { code: EXIT_INTERNAL, message: `internal error: ${error.message}${causeText(error.cause)}` };
      default: {
        const unreachable: never = error.code;
        return { code: EXIT_INTERNAL, message: `internal error (${String(unreachable)}): ${error.message}` };
      }
    }
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { code: EXIT_INTERNAL, message: `internal error: ${stack}` };
}

function causeText(cause: unknown): string {
  if (cause instanceof Error) return ` (cause: ${cause.message})`;
  return cause === undefined ? '' : ` (cause: ${String(cause)})`;
}
