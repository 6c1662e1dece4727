import { BorderlineError, type DataIssue, type ErrorCode } from '@borderline/core';

/** 0: ok. 1: the user's input or run state is wrong. 2: borderline itself failed. */
export const EXIT_OK = 0;
export const EXIT_USER = 1;
export const EXIT_INTERNAL = 2;

/** An error as the CLI reports it: the exit code, a stable code, a message a person can act on. */
export interface Failure {
  /** The process exit code (EXIT_USER or EXIT_INTERNAL). */
  readonly code: number;
  /** The error's stable code (`invalid-argument`, `io`, ...). */
  readonly errorCode: ErrorCode;
  readonly message: string;
  /** The data problems of an `invalid-data` error (file, line, field). */
  readonly issues: readonly DataIssue[];
}

/** The one place errors become exit codes and messages. */
export function describeFailure(error: unknown): Failure {
  if (BorderlineError.is(error)) return borderlineFailure(error);
  const system = systemFailure(error);
  if (system !== undefined) return system;
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { code: EXIT_INTERNAL, errorCode: 'internal', message: `internal error: ${stack}`, issues: [] };
}

function borderlineFailure(error: BorderlineError): Failure {
  const message = withoutComponent(error.message);
  const user = (text: string): Failure => ({
    code: EXIT_USER,
    errorCode: error.code,
    message: text,
    issues: error.issues,
  });
  switch (error.code) {
    case 'invalid-argument':
    case 'invalid-data':
    case 'not-found':
    case 'run-locked':
    case 'run-state':
    case 'degenerate':
    case 'aborted':
      return user(message);
    case 'io':
    case 'runner':
      return user(`${message}${causeText(error.cause, message)}`);
    case 'internal':
      return {
        code: EXIT_INTERNAL,
        errorCode: 'internal',
        message: `internal error: ${error.message}${causeText(error.cause, error.message)}`,
        issues: [],
      };
    default: {
      const unreachable: never = error.code;
      return {
        code: EXIT_INTERNAL,
        errorCode: 'internal',
        message: `internal error (${String(unreachable)}): ${error.message}`,
        issues: [],
      };
    }
  }
}

/** What a file-system error means to the person who named the path (see {@link systemReason}). */
const SYSTEM_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'already exists',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, expected a file',
  ENOENT: 'not found',
  ENAMETOOLONG: 'name too long',
};

/** A file-system error's reason in words (`EISDIR` -> "is a folder, expected a file"), for the codes we know. */
export function systemReason(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? SYSTEM_REASONS[code] : undefined;
}

/** Why an operation on a named path failed, in words: {@link systemReason}, else the error's own message. */
export function failureReason(error: unknown): string {
  return systemReason(error) ?? (error instanceof Error ? error.message : String(error));
}

/**
 * A file-system error that reached the top (a path the user named cannot be written or read): exit 1 with the
 * path and the reason, not a stack. Commands should wrap their own writes; this is the net under them.
 */
function systemFailure(error: unknown): Failure | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path } = error as { code?: unknown; path?: unknown };
  if (typeof code !== 'string' || typeof path !== 'string') return undefined;
  const reason = systemReason(error);
  if (reason === undefined) return undefined;
  return { code: EXIT_USER, errorCode: 'io', message: `${path}: ${reason} (${code})`, issues: [] };
}

/**
 * Package and component names that open some messages (`ingest: `, `run store: `, `agreementReport: `): they
 * tell a developer where a message came from and a user nothing, so the CLI leaves them out.
 */
const COMPONENT =
  /^(?:ingest|run store|run-store|loop|agreement|sampling|runners?|simulation|core|replay|hosted prompt|curation config|local-classifier|local-embedder|zero-shot|kmeans|boundary-pairs|recorded-panel|validate|export|import|select|step|init|prelabel|status|run|predict|review|worker|use-lite|embedding-cache|curation(?: state)?|openai-compatible|gemini|llama-cpp|pool rows|memory store|borderline|LabelSet|SideClusterCache|(?:Rng|Crowd)\.[a-zA-Z]+|[a-z]+(?:[A-Z][a-z0-9]*)+(?:\.[a-zA-Z]+)?): /;

/** The message without a leading component name. */
export function withoutComponent(message: string): string {
  return message.replace(COMPONENT, '');
}

/**
 * What the cause adds: a file-system reason in words (the message names the path), else its message; nothing
 * when the message already says it.
 */
function causeText(cause: unknown, message: string): string {
  const reason = systemReason(cause);
  if (reason !== undefined) return message.includes(reason) ? '' : ` (${reason})`;
  if (cause instanceof Error) {
    const text = withoutComponent(cause.message);
    return message.includes(text) ? '' : ` (cause: ${text})`;
  }
  return cause === undefined ? '' : ` (cause: ${String(cause)})`;
}
