import OpenAI, { APIConnectionError, APIError } from 'openai';
import { z } from 'zod';
import { type AttemptFailure, otherFailure, parseRetryAfter, statusFailure } from './retry';
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

/** The validated client and the shared machinery of one OpenAI-compatible adapter. */
export interface OpenAIContext {
  readonly provider: string;
  readonly client: OpenAI;
  readonly runtime: HostedRuntime;
}

const component = 'openai-compatible';

/**
 * Validates settings and builds the SDK client with its own retries off (ours honour Retry-After and share one
 * budget) and its logger off (libraries never print). A key is required only for OpenAI's own endpoint: local
 * servers (Ollama, vLLM, llama.cpp) usually take none.
 */
export function createOpenAIContext(settings: OpenAICompatibleSettings | undefined): OpenAIContext {
  const parsed = parseSettings(component, settingsSchema, settings) as OpenAICompatibleSettings;
  const apiKey = resolveApiKey(component, parsed.apiKey, 'OPENAI_API_KEY', parsed.baseURL === undefined);
  const runtime = createRuntime(component, parsed, apiKey === undefined ? [] : [apiKey]);
  const client = new OpenAI({
    apiKey: apiKey ?? 'not-needed',
    maxRetries: 0,
    // Our per-attempt timeout fires first; the SDK's is only a backstop.
    timeout: runtime.retry.timeoutMs + 5_000,
    logLevel: 'off',
    ...(parsed.baseURL === undefined ? {} : { baseURL: parsed.baseURL }),
    ...(parsed.fetch === undefined ? {} : { fetch: parsed.fetch }),
  });
  return { provider: parsed.provider ?? 'openai', client, runtime };
}

/** Maps what the OpenAI SDK threw to a failure kind; Retry-After (and OpenAI's retry-after-ms) are read here. */
export function judgeOpenAIError(now: () => number) {
  return (error: unknown): AttemptFailure => {
    if (error instanceof APIError && typeof error.status === 'number') {
      const headers = error.headers;
      const milliseconds = Number(headers?.get('retry-after-ms') ?? Number.NaN);
      const retryAfterMs = Number.isFinite(milliseconds)
        ? milliseconds
        : parseRetryAfter(headers?.get('retry-after'), now());
      return statusFailure(error.status, error.message, retryAfterMs);
    }
    return otherFailure(error, error instanceof APIConnectionError);
  };
}
