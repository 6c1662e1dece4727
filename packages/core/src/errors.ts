const marker = Symbol.for('borderline.error');

/**
 * Stable error codes. Callers branch on `code`, never on message text.
 * - `invalid-argument`: an option or argument a caller passed is wrong.
 * - `invalid-data`: a file or record is malformed; `issues` names file, line and field.
 * - `not-found`: a dataset, file, run or model that was named does not exist.
 * - `io`: reading or writing failed below us (permissions, disk).
 * - `run-locked`: another process is writing the same run.
 * - `run-state`: the run is not in a state that allows the command.
 * - `runner`: a model or annotator provider failed (see `retryable`).
 * - `aborted`: an AbortSignal fired.
 * - `degenerate`: the input is valid but leaves the computation undefined (e.g. one category).
 * - `internal`: a bug in borderline.
 */
export type ErrorCode =
  | 'invalid-argument'
  | 'invalid-data'
  | 'not-found'
  | 'io'
  | 'run-locked'
  | 'run-state'
  | 'runner'
  | 'aborted'
  | 'degenerate'
  | 'internal';

/** Where a problem sits in an input: a file, a 1-based line (or Parquet row), and a field. */
export interface DataLocation {
  readonly file?: string;
  readonly line?: number;
  readonly row?: number;
  readonly field?: string;
}

/** One problem found in input data, with what was expected and what was found. */
export interface DataIssue extends DataLocation {
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
}

/** Options common to every borderline error. */
export interface BorderlineErrorOptions {
  readonly code: ErrorCode;
  readonly message: string;
  readonly cause?: unknown;
  /** True when the same call may succeed later (rate limits, timeouts, 5xx). */
  readonly retryable?: boolean;
  /** The data problems behind an `invalid-data` error, in input order. */
  readonly issues?: readonly DataIssue[];
}

/**
 * The one base error of borderline. Identify it with `BorderlineError.is(error)`, which works across copies of
 * the package (a `Symbol.for` marker), not with `instanceof`.
 */
export class BorderlineError extends Error {
  readonly [marker] = true;
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly issues: readonly DataIssue[];

  constructor(options: BorderlineErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BorderlineError';
    this.code = options.code;
    this.retryable = options.retryable ?? false;
    this.issues = options.issues ?? [];
  }

  /** True for any borderline error, from any copy of this package. */
  static is(error: unknown): error is BorderlineError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}

/** `file:line: field: message (expected X, found Y)`, the form every data problem is reported in. */
export function formatDataIssue(issue: DataIssue): string {
  const place = [issue.file, issue.line ?? (issue.row === undefined ? undefined : `row ${issue.row}`)]
    .filter((part) => part !== undefined)
    .join(':');
  const head = [place, issue.field].filter((part) => part !== undefined && part !== '').join(': ');
  const detail: string[] = [];
  if (issue.expected !== undefined) detail.push(`expected ${issue.expected}`);
  if (issue.found !== undefined) detail.push(`found ${issue.found}`);
  const tail = detail.length > 0 ? ` (${detail.join(', ')})` : '';
  return `${head === '' ? '' : `${head}: `}${issue.message}${tail}`;
}

/** An `invalid-data` error whose message lists every issue, one per line. */
export function dataError(issues: readonly DataIssue[], summary?: string): BorderlineError {
  const first = summary ?? `${issues.length} problem${issues.length === 1 ? '' : 's'} in the input`;
  return new BorderlineError({
    code: 'invalid-data',
    message: [first, ...issues.map((issue) => `  ${formatDataIssue(issue)}`)].join('\n'),
    issues,
  });
}

/** An `invalid-argument` error naming the component and the option. */
export function invalidArgument(component: string, message: string): BorderlineError {
  return new BorderlineError({ code: 'invalid-argument', message: `${component}: ${message}` });
}

/** Throws an `aborted` error when the signal has fired. Call it between chunks of long work. */
export function throwIfAborted(signal: AbortSignal | undefined, component = 'borderline'): void {
  if (signal?.aborted) {
    throw new BorderlineError({ code: 'aborted', message: `${component}: aborted`, cause: signal.reason });
  }
}
