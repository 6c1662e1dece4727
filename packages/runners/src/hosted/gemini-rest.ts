import { runnerError } from './errors';
import type { GeminiContext } from './gemini-client';
import {
  type Judge,
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
  const judge = judgeHttpFailure(context);
  const get: GeminiRest['get'] = (url, signal, policy = runtime.retry) =>
    withRetry(policy, async (attempt) => (await send(context, url, {}, attempt)).text(), judge, signal);
  return {
    get,
    async getJson<T>(url: string, signal?: AbortSignal) {
      const text = await get(url, signal);
      try {
        return JSON.parse(text) as T;
      } catch {
        throw unreadable(context, `GET ${url}`, text);
      }
    },
    upload: (bytes, mimeType, displayName, signal, policy = runtime.retry) =>
      withRetry(
        policy,
        (attempt) => uploadOnce(context, { bytes, mimeType, displayName }, attempt),
        judge,
        signal,
      ),
  };
}

/** Judges a failed direct call: an `HttpFailure` by its status and Retry-After, anything else as the SDK's would be. */
function judgeHttpFailure(context: GeminiContext): Judge {
  const { retry } = context.runtime;
  return (error) =>
    error instanceof HttpFailure
      ? statusFailure(error.status, error.message, parseRetryAfter(error.retryAfter, retry.now()))
      : otherFailure(error, error instanceof TypeError);
}

/** One request with the key; a non-2xx answer throws an `HttpFailure`. */
async function send(context: GeminiContext, url: string, init: RequestInit, signal: AbortSignal) {
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
}

/** A retryable `runner` error for an answer that cannot be read. */
function unreadable(context: GeminiContext, what: string, text: string) {
  const { runtime } = context;
  return runnerError({
    component: runtime.component,
    message: `unreadable answer from ${what}: ${text.slice(0, 80)}`,
    retryable: true,
    secrets: runtime.retry.secrets,
  });
}

/** What one upload sends. */
interface UploadFile {
  readonly bytes: Buffer;
  readonly mimeType: string;
  readonly displayName: string;
}

/**
 * One attempt of an upload, Files API resumable protocol: a start request returns the session URL, one request
 * sends and finalizes. The uploaded file's name.
 */
async function uploadOnce(context: GeminiContext, file: UploadFile, signal: AbortSignal): Promise<string> {
  const start = await send(
    context,
    `${context.endpoint}/upload/v1beta/files`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-goog-upload-protocol': 'resumable',
        'x-goog-upload-command': 'start',
        'x-goog-upload-header-content-length': String(file.bytes.length),
        'x-goog-upload-header-content-type': file.mimeType,
      },
      body: JSON.stringify({ file: { displayName: file.displayName } }),
    },
    signal,
  );
  const session = start.headers.get('x-goog-upload-url');
  if (session === null) throw unreadable(context, 'the upload start', 'no x-goog-upload-url header');
  const done = await send(
    context,
    session,
    {
      method: 'POST',
      headers: { 'x-goog-upload-offset': '0', 'x-goog-upload-command': 'upload, finalize' },
      body: new Uint8Array(file.bytes),
    },
    signal,
  );
  return uploadedName(context, await done.text());
}

/** The file's name (`files/...`) in the finalize answer. */
function uploadedName(context: GeminiContext, text: string): string {
  let name: unknown;
  try {
    name = (JSON.parse(text) as { file?: { name?: unknown } }).file?.name;
  } catch {
    throw unreadable(context, 'the upload', text);
  }
  if (typeof name !== 'string') throw unreadable(context, 'the upload', text);
  return name;
}
