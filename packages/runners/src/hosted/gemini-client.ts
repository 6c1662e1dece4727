import type { GoogleGenAI } from '@google/genai';
import { onceUnlessRejected } from '../once-unless-rejected';
import { type OptionalPeer, optionalPeer } from '../optional-peer';
import { type Judge, otherFailure, parseRetryAfter, statusFailure } from './retry';
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

/** The module `@google/genai`, an optional peer dependency imported on the first request. */
export type GeminiSdk = typeof import('@google/genai');

const component = 'gemini';

/** Gemini's own endpoint: where requests go without a `baseURL`. */
const GEMINI_ENDPOINT = 'https://generativelanguage.googleapis.com';

/** `@google/genai`, imported when a Gemini runner first calls the API. */
export const geminiSdk: OptionalPeer<GeminiSdk> = optionalPeer({
  name: '@google/genai',
  version: '2.32.0',
  component,
  purpose: 'the Gemini runner (@borderline/runners/gemini)',
  importer: () => import('@google/genai'),
});

/** The validated settings and shared machinery of one Gemini adapter. */
export interface GeminiContext {
  /** The SDK and its client, built on first use; a missing `@google/genai` rejects with `not-found`. */
  client(): Promise<{ readonly sdk: GeminiSdk; readonly client: GoogleGenAI }>;
  readonly runtime: HostedRuntime;
  /** The `fetch` every attempt goes through (wrapped per attempt to read Retry-After). */
  readonly fetch: typeof globalThis.fetch;
  /** The key, for the few calls made without the SDK (batch polls and downloads); never logged. */
  readonly apiKey: string;
  /** Where requests go: `baseURL`, else Gemini's public endpoint. */
  readonly endpoint: string;
}

/** Validates settings and builds the SDK client with its own retries off (ours honour Retry-After). */
export function createGeminiContext(settings: GeminiSettings | undefined): GeminiContext {
  const parsed = parseSettings(component, hostedSettingsSchema, settings) as GeminiSettings;
  const apiKey = resolveApiKey(component, parsed.apiKey, 'GEMINI_API_KEY', true) as string;
  const runtime = createRuntime(component, parsed, [apiKey], GEMINI_ENDPOINT);
  // A failed import is not kept: installing the package and calling again works.
  const client = onceUnlessRejected(async () => {
    const sdk = await geminiSdk.load();
    const httpOptions = parsed.baseURL === undefined ? {} : { baseUrl: parsed.baseURL };
    return { sdk, client: new sdk.GoogleGenAI({ apiKey, httpOptions }) };
  });
  return {
    client,
    runtime,
    fetch: parsed.fetch ?? globalThis.fetch,
    apiKey,
    endpoint: (parsed.baseURL ?? GEMINI_ENDPOINT).replace(/\/+$/, ''),
  };
}

/**
 * Judges what a Gemini SDK call threw. The SDK's `ApiError` carries the status but not the headers, so
 * `retryAfter` gives the Retry-After of the response it came from (none: the loop's own backoff).
 */
export function judgeGeminiError(
  context: GeminiContext,
  retryAfter: () => string | null = () => null,
): Judge {
  return (error) => {
    // The SDK is loaded whenever one of its errors can exist: a request was made through it.
    const sdk = geminiSdk.loaded();
    if (sdk !== undefined && error instanceof sdk.ApiError && typeof error.status === 'number') {
      const retryAfterMs = parseRetryAfter(retryAfter(), context.runtime.retry.now());
      return statusFailure(error.status, error.message, retryAfterMs);
    }
    return otherFailure(error, error instanceof TypeError);
  };
}

/**
 * The `fetch` of one attempt through the SDK: it keeps the last response's Retry-After, and the judge that reads
 * it becomes the attempt's own (`judgeWith` of the retry loop).
 */
export function geminiAttemptFetch(
  context: GeminiContext,
  judgeWith: (judge: Judge) => void,
): typeof globalThis.fetch {
  let retryAfter: string | null = null;
  judgeWith(judgeGeminiError(context, () => retryAfter));
  return async (input, init) => {
    const response = await context.fetch(input, init);
    retryAfter = response.headers.get('retry-after');
    return response;
  };
}
