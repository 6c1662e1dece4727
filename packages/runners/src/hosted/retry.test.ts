import { BorderlineError, createRng } from '@borderline/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AttemptFailure,
  type Judge,
  MalformedAnswer,
  parseRetryAfter,
  type RetryPolicy,
  retryDelay,
  withRetry,
} from './retry';

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { delays: number[] } {
  const delays: number[] = [];
  return {
    component: 'test',
    maxRetries: 3,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    timeoutMs: 1000,
    rng: createRng(1),
    sleep: async (ms) => {
      delays.push(ms);
    },
    now: () => Date.UTC(2026, 0, 1),
    secrets: [],
    delays,
    ...overrides,
  };
}

const status = (code: number, retryAfterMs?: number): AttemptFailure => ({
  kind: 'status',
  status: code,
  message: 'x',
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates against the injected clock', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter(new Date(now + 9000).toUTCString(), now)).toBe(9000);
    expect(parseRetryAfter(new Date(now - 9000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('retryDelay', () => {
  it('draws full jitter under the doubling ceiling and never waits less than Retry-After', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.option(fc.nat(100_000), { nil: undefined }),
        (attempt, asked) => {
          const current = policy();
          const delay = retryDelay(current, attempt, status(429, asked));
          const ceiling = Math.min(1000, 100 * 2 ** attempt);
          if (asked === undefined) expect(delay >= 0 && delay <= ceiling).toBe(true);
          else expect(delay >= asked && delay <= Math.max(asked, ceiling)).toBe(true);
        },
      ),
    );
  });
});

describe('withRetry', () => {
  it('passes a BorderlineError raised by the attempt itself through, untried again (a missing SDK)', async () => {
    const retry = policy();
    let attempts = 0;
    const missing = new BorderlineError({ code: 'not-found', message: 'example: install example@1.0.0' });
    const judge = (): AttemptFailure => ({ kind: 'status', status: 503, message: 'judged' });
    const outcome = withRetry(
      retry,
      async () => {
        attempts++;
        throw missing;
      },
      judge,
    );
    await expect(outcome).rejects.toBe(missing);
    expect(attempts).toBe(1);
    expect(retry.delays).toEqual([]);
  });

  it('retries 429, 5xx and timeouts until the budget ends, then fails retryable', async () => {
    const current = policy();
    let calls = 0;
    const error = await withRetry(
      current,
      async () => {
        calls++;
        throw new Error('boom');
      },
      () => status(502),
    ).catch((caught: unknown) => caught);
    expect(calls).toBe(4);
    expect(current.delays).toHaveLength(3);
    expect(BorderlineError.is(error) && error.code === 'runner' && error.retryable).toBe(true);
  });

  it('does not retry a 404 or a fatal failure', async () => {
    for (const failure of [status(404), { kind: 'fatal', message: 'no' } as const]) {
      let calls = 0;
      await expect(
        withRetry(
          policy(),
          async () => {
            calls++;
            throw new Error('x');
          },
          () => failure,
        ),
      ).rejects.toMatchObject({ code: 'runner', retryable: false });
      expect(calls).toBe(1);
    }
  });

  it('redacts secrets from the final error and from retry warnings', async () => {
    const warnings: string[] = [];
    const current = policy({
      secrets: ['sk-very-secret'],
      maxRetries: 1,
      onWarning: (w) => warnings.push(JSON.stringify(w)),
    });
    const error = await withRetry(
      current,
      async () => {
        throw new Error('x');
      },
      () => ({ kind: 'status', status: 500, message: 'key sk-very-secret refused' }),
    ).catch((caught: unknown) => caught as Error);
    expect(error.message).not.toContain('sk-very-secret');
    expect(warnings.join()).not.toContain('sk-very-secret');
    expect(warnings).toHaveLength(1);
  });

  it('turns an abort during the backoff into an aborted error', async () => {
    const controller = new AbortController();
    const current = policy({
      sleep: async () => {
        controller.abort();
        throw new Error('sleep interrupted');
      },
    });
    await expect(
      withRetry(
        current,
        async () => {
          throw new Error('x');
        },
        () => status(503),
        controller.signal,
      ),
    ).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('withRetry with an attempt that brings its own judge', () => {
  it('judges an attempt that brings its own judge with it, and only that attempt', async () => {
    const current = policy();
    const seen: unknown[] = [];
    const recording =
      (failure: AttemptFailure): Judge =>
      (thrown) => {
        seen.push(thrown);
        return failure;
      };
    let calls = 0;
    const error = await withRetry(
      current,
      async (_signal, judgeWith) => {
        calls++;
        // Only the first attempt brings a judge: it saw a 503 asking for 700 ms.
        if (calls === 1) judgeWith(recording(status(503, 700)));
        throw new Error(`attempt ${calls}`);
      },
      recording(status(404)),
    ).catch((caught: unknown) => caught);
    expect(calls).toBe(2);
    expect(seen.map((thrown) => (thrown as Error).message)).toEqual(['attempt 1', 'attempt 2']);
    expect(current.delays).toHaveLength(1);
    expect(current.delays[0]).toBeGreaterThanOrEqual(700);
    expect(error).toMatchObject({ code: 'runner', retryable: false, cause: { status: 404 } });
  });

  it('reads a malformed answer and its own errors the same way when the attempt brings a judge', async () => {
    const judged: unknown[] = [];
    const retry = policy();
    const throwing = (thrown: unknown) => async (_signal: AbortSignal, judgeWith: (judge: Judge) => void) => {
      judgeWith((error) => {
        judged.push(error);
        return status(503);
      });
      throw thrown;
    };
    const malformed = await withRetry(retry, throwing(new MalformedAnswer('not a label')), () =>
      status(503),
    ).catch((caught: unknown) => caught);
    expect(malformed).toBeInstanceOf(MalformedAnswer);
    expect((malformed as MalformedAnswer).reason).toBe('not a label');
    const missing = new BorderlineError({ code: 'not-found', message: 'example: install example@1.0.0' });
    await expect(withRetry(retry, throwing(missing), () => status(503))).rejects.toBe(missing);
    expect(judged).toEqual([]);
    expect(retry.delays).toEqual([]);
  });
});
