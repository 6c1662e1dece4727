import type OpenAI from 'openai';
import { z } from 'zod';
import { onceUnlessRejected } from '../once-unless-rejected';
import { type OptionalPeer, optionalPeer } from '../optional-peer';
import {
  type Attempt,
  type AttemptFailure,
  otherFailure,
  parseRetryAfter,
  type RetryPolicy,
  statusFailure,
  withRetry,
} from './retry';
import {
  createRuntime,
  type HostedRuntime,
  type HostedSettings,
  hostedSettingsSchema,
  parseSettings,
  resolveApiKey,
} from './settings';

/** Settings of {@link createOpenAICompatible}. */
export interface OpenAICompatibleSettings extends HostedSettings {
  /**
   * Name written as `provider` on classifiers and embedders and used in cache keys (default `openai`; e.g.
   * `ollama`, `vllm`, `llama-cpp-server`).
   */
  readonly provider?: string;
}

const settingsSchema = hostedSettingsSchema.extend({ provider: z.string().min(1).optional() });

/** The module `openai`, an optional peer dependency imported on the first request. */
export type OpenAISdk = typeof import('openai');

const component = 'openai-compatible';

/** OpenAI's own endpoint: where requests go without a `baseURL`. */
const OPENAI_ENDPOINT = 'https://api.openai.com/v1';

/** `openai`, imported when an OpenAI-compatible runner first calls its endpoint. */
export const openAISdk: OptionalPeer<OpenAISdk> = optionalPeer({
  name: 'openai',
  version: '6.49.0',
  component,
  purpose: 'the OpenAI-compatible runner (@borderline/runners/openai)',
  importer: () => import('openai'),
});

/** The validated settings and the shared machinery of one OpenAI-compatible adapter. */
export interface OpenAIContext {
  readonly provider: string;
  /** The SDK client, built on first use (when `openai` is imported); a missing `openai` rejects with `not-found`. */
  client(): Promise<OpenAI>;
  readonly runtime: HostedRuntime;
}

/**
 * Validates settings and builds the SDK client with its own retries off (ours honour Retry-After and share one
 * budget) and its logger off (libraries never print). A key is required only for OpenAI's own endpoint: local
 * servers (Ollama, vLLM, llama.cpp) usually take none.
 */
export function createOpenAIContext(settings: OpenAICompatibleSettings | undefined): OpenAIContext {
  const parsed = parseSettings(component, settingsSchema, settings) as OpenAICompatibleSettings;
  const apiKey = resolveApiKey(component, parsed.apiKey, 'OPENAI_API_KEY', parsed.baseURL === undefined);
  const runtime = createRuntime(component, parsed, apiKey === undefined ? [] : [apiKey], OPENAI_ENDPOINT);
  // A failed import is not kept: installing the package and calling again works.
  const client = onceUnlessRejected(async (): Promise<OpenAI> => {
    const sdk = await openAISdk.load();
    return new sdk.OpenAI({
      apiKey: apiKey ?? 'not-needed',
      maxRetries: 0,
      // Our per-attempt timeout fires first; the SDK's is only a backstop.
      timeout: runtime.retry.timeoutMs + 5_000,
      logLevel: 'off',
      ...(parsed.baseURL === undefined ? {} : { baseURL: parsed.baseURL }),
      ...(parsed.fetch === undefined ? {} : { fetch: parsed.fetch }),
    });
  });
  return {
    provider: parsed.provider ?? 'openai',
    client,
    runtime,
  };
}

/** Maps what the OpenAI SDK threw to a failure kind; Retry-After (and OpenAI's retry-after-ms) are read here. */
export function judgeOpenAIError(now: () => number) {
  return (error: unknown): AttemptFailure => {
    // The SDK is loaded whenever one of its errors can exist: a request was made through it.
    const sdk = openAISdk.loaded();
    if (sdk !== undefined && error instanceof sdk.APIError && typeof error.status === 'number') {
      const headers = error.headers;
      const milliseconds = Number(headers?.get('retry-after-ms') ?? Number.NaN);
      const retryAfterMs = Number.isFinite(milliseconds)
        ? milliseconds
        : parseRetryAfter(headers?.get('retry-after'), now());
      return statusFailure(error.status, error.message, retryAfterMs);
    }
    return otherFailure(error, sdk !== undefined && error instanceof sdk.APIConnectionError);
  };
}

/** One SDK call through the retry loop, judged by {@link judgeOpenAIError} (the adapter's policy unless another is given). */
export function openAICall<T>(
  context: OpenAIContext,
  run: Attempt<T>,
  signal?: AbortSignal,
  policy: RetryPolicy = context.runtime.retry,
): Promise<T> {
  return withRetry(policy, run, judgeOpenAIError(context.runtime.retry.now), signal);
}
