import { ApiError, GoogleGenAI } from '@google/genai';
import { type AttemptFailure, otherFailure, parseRetryAfter, statusFailure } from './retry';
import {
  createRuntime,
  type HostedRuntime,
  type HostedSettings,
  hostedSettingsSchema,
  parseSettings,
  resolveApiKey,
} from './settings';

/** Settings of {@link createGemini}. The key comes from `apiKey` or `GEMINI_API_KEY`. */
export type GeminiSettings = HostedSettings;

/** The validated client and shared machinery of one Gemini adapter. */
export interface GeminiContext {
  readonly client: GoogleGenAI;
  readonly runtime: HostedRuntime;
  /** The `fetch` every attempt goes through (wrapped per attempt to read Retry-After). */
  readonly fetch: typeof globalThis.fetch;
}

const component = 'gemini';

/** Validates settings and builds the SDK client with its own retries off (ours honour Retry-After). */
export function createGeminiContext(settings: GeminiSettings | undefined): GeminiContext {
  const parsed = parseSettings(component, hostedSettingsSchema, settings) as GeminiSettings;
  const apiKey = resolveApiKey(component, parsed.apiKey, 'GEMINI_API_KEY', true) as string;
  const runtime = createRuntime(component, parsed, [apiKey]);
  const client = new GoogleGenAI({
    apiKey,
    httpOptions: parsed.baseURL === undefined ? {} : { baseUrl: parsed.baseURL },
  });
  return { client, runtime, fetch: parsed.fetch ?? globalThis.fetch };
}

/**
 * The SDK's `ApiError` carries the status but not the headers, so each attempt gets its own `fetch` that keeps
 * the last response's Retry-After for the judge.
 */
export function geminiAttempt(context: GeminiContext): {
  readonly fetch: typeof globalThis.fetch;
  readonly judge: (error: unknown) => AttemptFailure;
} {
  let retryAfter: string | null = null;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const response = await context.fetch(input, init);
    retryAfter = response.headers.get('retry-after');
    return response;
  };
  const judge = (error: unknown): AttemptFailure => {
    if (error instanceof ApiError && typeof error.status === 'number') {
      const retryAfterMs = parseRetryAfter(retryAfter, context.runtime.retry.now());
      return statusFailure(error.status, error.message, retryAfterMs);
    }
    return otherFailure(error, error instanceof TypeError);
  };
  return { fetch, judge };
}
