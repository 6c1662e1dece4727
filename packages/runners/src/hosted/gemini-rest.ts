import { runnerError } from './errors';
import type { GeminiContext } from './gemini-client';
import {
  type AttemptFailure,
  otherFailure,
  parseRetryAfter,
  type RetryPolicy,
  statusFailure,
  withRetry,
} from './retry';

/** A non-2xx answer of a call made without the SDK, with what the retry loop needs to judge it. */
class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfter: string | null,
  ) {
    super(message);
  }
}

function errorMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // Not the Google error envelope: the start of the body is the message.
  }
  return text.slice(0, 200);
}

/** The few Gemini calls made with `fetch` directly (key in `x-goog-api-key`), through the shared retry loop. */
export interface GeminiRest {
  /** GET, the body as text. */
  get(url: string, signal?: AbortSignal, policy?: RetryPolicy): Promise<string>;
  /** GET, the body as JSON (an unreadable body is a retryable `runner` error). */
  getJson<T>(url: string, signal?: AbortSignal): Promise<T>;
  /** Uploads bytes through the Files API's resumable protocol in one chunk; the file's name (`files/...`). */
  upload(
    bytes: Buffer,
    mimeType: string,
    displayName: string,
    signal?: AbortSignal,
    policy?: RetryPolicy,
  ): Promise<string>;
}

/** Builds the direct calls over an adapter's context. */
export function geminiRest(context: GeminiContext): GeminiRest {
  const { runtime } = context;
  const judge = (error: unknown): AttemptFailure =>
    error instanceof HttpFailure
      ? statusFailure(error.status, error.message, parseRetryAfter(error.retryAfter, runtime.retry.now()))
      : otherFailure(error, error instanceof TypeError);
  const send = async (url: string, init: RequestInit, signal: AbortSignal): Promise<Response> => {
    const headers = { 'x-goog-api-key': context.apiKey, ...(init.headers as Record<string, string>) };
    const response = await context.fetch(url, { ...init, headers, signal });
    if (!response.ok) {
      throw new HttpFailure(
        response.status,
        errorMessage(await response.text()),
        response.headers.get('retry-after'),
      );
    }
    return response;
  };
  const unreadable = (what: string, text: string) =>
    runnerError({
      component: runtime.component,
      message: `unreadable answer from ${what}: ${text.slice(0, 80)}`,
      retryable: true,
      secrets: runtime.retry.secrets,
    });
  const get: GeminiRest['get'] = (url, signal, policy = runtime.retry) =>
    withRetry(policy, async (attempt) => (await send(url, {}, attempt)).text(), judge, signal);
  return {
    get,
    async getJson<T>(url: string, signal?: AbortSignal) {
      const text = await get(url, signal);
      try {
        return JSON.parse(text) as T;
      } catch {
        throw unreadable(`GET ${url}`, text);
      }
    },
    upload: (bytes, mimeType, displayName, signal, policy = runtime.retry) =>
      withRetry(
        policy,
        async (attempt) => {
          // Files API, resumable upload: a start request returns the session URL, one request sends and finalizes.
          const start = await send(
            `${context.endpoint}/upload/v1beta/files`,
            {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'x-goog-upload-protocol': 'resumable',
                'x-goog-upload-command': 'start',
                'x-goog-upload-header-content-length': String(bytes.length),
                'x-goog-upload-header-content-type': mimeType,
              },
              body: JSON.stringify({ file: { displayName } }),
            },
            attempt,
          );
          const session = start.headers.get('x-goog-upload-url');
          if (session === null) throw unreadable('the upload start', 'no x-goog-upload-url header');
          const done = await send(
            session,
            {
              method: 'POST',
              headers: { 'x-goog-upload-offset': '0', 'x-goog-upload-command': 'upload, finalize' },
              body: new Uint8Array(bytes),
            },
            attempt,
          );
          const text = await done.text();
          let name: unknown;
          try {
            name = (JSON.parse(text) as { file?: { name?: unknown } }).file?.name;
          } catch {
            throw unreadable('the upload', text);
          }
          if (typeof name !== 'string') throw unreadable('the upload', text);
          return name;
        },
        judge,
        signal,
      ),
  };
}
