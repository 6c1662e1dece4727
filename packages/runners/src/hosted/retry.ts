import { BorderlineError, type Rng } from '@borderline/core';
import { abortedError, runnerError } from './errors';
import { redact } from './redact';

/** How one failed attempt is judged. */
export type AttemptFailure =
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly retryAfterMs?: number;
      readonly message: string;
    }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'malformed'; readonly message: string }
  | { readonly kind: 'fatal'; readonly message: string };

/** An HTTP error status from a provider, with the wait it asked for (Retry-After), if any. */
export function statusFailure(
  status: number,
  message: string,
  retryAfterMs: number | undefined,
): AttemptFailure {
  return { kind: 'status', status, message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

/**
 * What is left once a provider's own HTTP error type has been judged: an unreadable JSON body, a network failure
 * (`isNetwork`: the SDK's connection error type), or anything else, which is fatal.
 */
export function otherFailure(error: unknown, isNetwork: boolean): AttemptFailure {
  if (error instanceof SyntaxError)
    return { kind: 'malformed', message: `unreadable JSON body: ${error.message}` };
  if (isNetwork) return { kind: 'network', message: (error as Error).message };
  return { kind: 'fatal', message: error instanceof Error ? error.message : String(error) };
}

/** Events a hosted adapter reports instead of printing. Never contains a key. */
export type HostedWarning =
  | {
      readonly type: 'retry';
      readonly component: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    }
  | {
      readonly type: 'malformed-answer';
      readonly component: string;
      readonly index: number;
      readonly reason: string;
    };

/** What the retry loop needs; the clock and the sleep are injectable so tests never wait. */
export interface RetryPolicy {
  readonly component: string;
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
  /**
   * Bound on one request's whole life, every attempt and wait included (absent: only `maxRetries` bounds it). An
   * attempt's timeout is cut to what is left; no wait starts that would end past it.
   */
  readonly maxTotalMs?: number;
  /** Where the requests go (the base URL, never a key): named in the final error and in retry warnings. */
  readonly endpoint?: string;
  readonly rng: Rng;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now: () => number;
  readonly secrets: readonly string[];
  readonly onWarning?: (warning: HostedWarning) => void;
}

/** A malformed answer surfaced by the retry loop to its caller, who decides (retry once, then unavailable). */
export class MalformedAnswer extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Resolves after `ms`, or rejects with `aborted` as soon as the signal fires. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError('hosted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError('hosted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function isRetryable(failure: AttemptFailure): boolean {
  switch (failure.kind) {
    case 'status':
      return failure.status === 429 || failure.status === 408 || failure.status >= 500;
    case 'timeout':
    case 'network':
      return true;
    case 'malformed':
    case 'fatal':
      return false;
    default: {
      const never: never = failure;
      return never;
    }
  }
}

function describe(failure: AttemptFailure, timeoutMs: number, endpoint: string | undefined): string {
  const from = endpoint === undefined ? '' : ` from ${endpoint}`;
  switch (failure.kind) {
    case 'status':
      return `HTTP ${failure.status}${from}: ${failure.message}`;
    case 'timeout':
      return `no answer${from} within ${seconds(timeoutMs)}`;
    case 'network':
      return endpoint === undefined ? failure.message : `cannot reach ${endpoint}: ${failure.message}`;
    default:
      return failure.message;
  }
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/**
 * Full-jitter backoff (a uniform draw in [0, min(cap, base * 2^attempt)]), except that a server's Retry-After is
 * honoured as the floor: waiting less than asked only earns another 429.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, failure: AttemptFailure): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jitter = policy.rng.float() * ceiling;
  const asked = failure.kind === 'status' ? failure.retryAfterMs : undefined;
  return asked === undefined ? jitter : Math.max(asked, jitter);
}

/** Maps what an attempt threw to a failure kind. */
export type Judge = (error: unknown) => AttemptFailure;

/**
 * One attempt of {@link withRetry}, run under `signal` (the caller's signal and the attempt's timeout). An
 * attempt whose failure only it can judge (its judge saw this attempt's responses, e.g. their Retry-After) hands
 * that judge to `judgeWith`: what this attempt throws is then judged by it instead of the loop's judge. Aborts,
 * timeouts, a `BorderlineError` and a `MalformedAnswer` are read by the loop itself either way.
 */
export type Attempt<T> = (signal: AbortSignal, judgeWith: (judge: Judge) => void) => Promise<T>;

/**
 * Runs `attempt` with a per-attempt timeout until it succeeds or the retry budget is spent. `judge` maps what an
 * attempt threw to a failure kind, unless the attempt brought its own (`judgeWith`). Throws `aborted` when the
 * caller's signal fires, `MalformedAnswer` on a malformed answer, a `BorderlineError` the attempt raised itself
 * unchanged (not retried), and a `runner` error (retryable for 429/5xx/timeouts) when the budget ends.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: Attempt<T>,
  judge: Judge,
  signal?: AbortSignal,
): Promise<T> {
  const started = policy.now();
  const left = () =>
    policy.maxTotalMs === undefined ? Number.POSITIVE_INFINITY : policy.maxTotalMs - (policy.now() - started);
  for (let attemptIndex = 0; ; attemptIndex++) {
    if (signal?.aborted) throw abortedError(policy.component);
    const attemptMs = Math.max(1, Math.min(policy.timeoutMs, left()));
    const outcome = await attemptOnce(policy, attempt, judge, attemptMs, signal);
    if (outcome.ok) return outcome.value;
    const { failure } = outcome;
    if (failure.kind === 'malformed') throw new MalformedAnswer(failure.message);
    const retryable = isRetryable(failure);
    const delayMs = retryDelay(policy, attemptIndex, failure);
    const outOfTime = delayMs >= left();
    if (!retryable || attemptIndex >= policy.maxRetries || outOfTime) {
      throw finalError(policy, failure, attemptMs, attemptIndex + 1, policy.now() - started, retryable);
    }
    policy.onWarning?.({
      type: 'retry',
      component: policy.component,
      attempt: attemptIndex + 1,
      delayMs,
      reason: redact(describe(failure, attemptMs, policy.endpoint), policy.secrets),
    });
    try {
      await policy.sleep(delayMs, signal);
    } catch (error) {
      if (signal?.aborted) throw abortedError(policy.component);
      throw error;
    }
  }
}

type AttemptOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: AttemptFailure };

async function attemptOnce<T>(
  policy: RetryPolicy,
  attempt: Attempt<T>,
  judge: Judge,
  attemptMs: number,
  signal: AbortSignal | undefined,
): Promise<AttemptOutcome<T>> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), attemptMs);
  const combined = signal === undefined ? timeout.signal : AbortSignal.any([signal, timeout.signal]);
  let judgeThis = judge;
  const judgeWith = (own: Judge): void => {
    judgeThis = own;
  };
  try {
    return { ok: true, value: await attempt(combined, judgeWith) };
  } catch (error) {
    if (signal?.aborted) throw abortedError(policy.component);
    if (timeout.signal.aborted) return { ok: false, failure: { kind: 'timeout' } };
    // Raised by our own code before the request (e.g. the optional SDK is missing): final, passed through.
    if (BorderlineError.is(error)) throw error;
    if (error instanceof MalformedAnswer)
      return { ok: false, failure: { kind: 'malformed', message: error.reason } };
    return { ok: false, failure: judgeThis(error) };
  } finally {
    clearTimeout(timer);
  }
}

function finalError(
  policy: RetryPolicy,
  failure: AttemptFailure,
  attemptMs: number,
  tries: number,
  elapsedMs: number,
  retryable: boolean,
): BorderlineError {
  const spent =
    policy.maxTotalMs === undefined
      ? ''
      : ` in ${seconds(elapsedMs)}; the limit is ${seconds(policy.maxTotalMs)}`;
  return runnerError({
    component: policy.component,
    message: `${describe(failure, attemptMs, policy.endpoint)} (after ${tries} attempt${tries === 1 ? '' : 's'}${spent})`,
    retryable,
    secrets: policy.secrets,
    ...(failure.kind === 'status' ? { status: failure.status } : {}),
  });
}
