import { createRng, invalidArgument } from '@borderline/core';
import { z } from 'zod';
import { createLimiter, type Limiter } from './limiter';
import { createResponseCache, type ResponseCache, type ResponseStore } from './response-cache';
import { type HostedWarning, type RetryPolicy, realSleep } from './retry';

/** Settings every hosted adapter shares. */
export interface HostedSettings {
  /** The endpoint, e.g. `http://127.0.0.1:11434/v1` for Ollama. Defaults to the provider's public endpoint. */
  readonly baseURL?: string;
  /** The key. When absent, read from the provider's environment variable; never logged or written anywhere. */
  readonly apiKey?: string;
  /** A `fetch` to use instead of the global one (tests, proxies). */
  readonly fetch?: typeof globalThis.fetch;
  /** Per-attempt timeout in milliseconds (default 60 000). */
  readonly timeout?: number;
  /**
   * Bound in milliseconds on one request's whole life, attempts and waits included (default 180 000): a server
   * that never answers fails after this long at most, naming the endpoint.
   */
  readonly maxRetryTime?: number;
  /** Retries after the first attempt on 429, 5xx and timeouts (default 4). */
  readonly maxRetries?: number;
  /** Requests in flight at once across every call of this adapter (default 4). */
  readonly concurrency?: number;
  /** First backoff ceiling in milliseconds (default 500); doubles per retry up to `maxRetryDelay`. */
  readonly retryDelay?: number;
  /** Largest backoff ceiling in milliseconds (default 30 000). */
  readonly maxRetryDelay?: number;
  /** Seed of the backoff jitter (default 0). */
  readonly seed?: number;
  /** Persistent answers behind the in-memory cache (the CLI passes its run database). */
  readonly store?: ResponseStore;
  /** Retries and malformed answers are reported here; libraries never print. */
  readonly onWarning?: (warning: HostedWarning) => void;
  /** Replaces the backoff wait (tests). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Replaces `Date.now` for Retry-After dates (tests). */
  readonly now?: () => number;
}

const functionSchema = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function');

/** The zod schema of {@link HostedSettings}; adapters extend it. */
export const hostedSettingsSchema = z.object({
  baseURL: z.url().optional(),
  apiKey: z.string().min(1).optional(),
  fetch: functionSchema.optional(),
  timeout: z.number().int().positive().optional(),
  maxRetries: z.number().int().min(0).max(20).optional(),
  maxRetryTime: z.number().int().positive().optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
  retryDelay: z.number().min(0).optional(),
  maxRetryDelay: z.number().min(0).optional(),
  seed: z.number().finite().optional(),
  store: z
    .custom<ResponseStore>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as ResponseStore).get === 'function' &&
        typeof (value as ResponseStore).set === 'function',
    )
    .optional(),
  onWarning: functionSchema.optional(),
  sleep: functionSchema.optional(),
  now: functionSchema.optional(),
});

/**
 * Validates settings at the seam. Zod's messages name the field; the key's value is never echoed because the
 * only check on it is its length.
 */
export function parseSettings<T extends z.ZodType>(
  component: string,
  schema: T,
  settings: unknown,
): z.infer<T> {
  const result = schema.safeParse(settings ?? {});
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`,
    );
    throw invalidArgument(component, `invalid settings: ${problems.join('; ')}`);
  }
  return result.data;
}

/** The key from the settings, else from the environment variable; an `invalid-argument` error naming the variable. */
export function resolveApiKey(
  component: string,
  explicit: string | undefined,
  variable: string,
  required: boolean,
): string | undefined {
  const fromEnvironment = process.env[variable];
  const key =
    explicit ?? (fromEnvironment === undefined || fromEnvironment === '' ? undefined : fromEnvironment);
  if (key === undefined && required) {
    throw invalidArgument(component, `no API key: set ${variable} or pass apiKey`);
  }
  return key;
}

/** The shared machinery of one adapter instance: limiter, cache, retry policy. Versions made by `adapt` share it. */
export interface HostedRuntime {
  readonly component: string;
  readonly limiter: Limiter;
  readonly cache: ResponseCache;
  readonly retry: RetryPolicy;
  readonly onWarning?: (warning: HostedWarning) => void;
}

/** Builds the runtime from validated settings. */
export function createRuntime(
  component: string,
  settings: HostedSettings,
  secrets: readonly string[],
  defaultEndpoint: string,
): HostedRuntime {
  const onWarning = settings.onWarning;
  return {
    component,
    limiter: createLimiter(settings.concurrency ?? 4),
    cache: createResponseCache(settings.store),
    retry: {
      component,
      maxRetries: settings.maxRetries ?? 4,
      baseDelayMs: settings.retryDelay ?? 500,
      maxDelayMs: settings.maxRetryDelay ?? 30_000,
      timeoutMs: settings.timeout ?? 60_000,
      maxTotalMs: settings.maxRetryTime ?? 180_000,
      endpoint: settings.baseURL ?? defaultEndpoint,
      rng: createRng(settings.seed ?? 0),
      sleep: settings.sleep ?? realSleep,
      now: settings.now ?? Date.now,
      secrets,
      ...(onWarning === undefined ? {} : { onWarning }),
    },
    ...(onWarning === undefined ? {} : { onWarning }),
  };
}
