import { BorderlineError, dataError } from '@borderline/core';
import type { Content, GenerateContentConfig, GenerateContentResponse } from '@google/genai';
import {
  type BatchItemResult,
  type BatchPoll,
  type BatchProtocol,
  type BatchState,
  DOWNLOAD_TIMEOUT_MS,
  transferPolicy,
} from './batch-protocol';
import type { BatchRecord } from './batch-state';
import { runnerError } from './errors';
import { type GeminiContext, type GeminiSdk, geminiAttempt, judged, unwrapJudge } from './gemini-client';
import type { LabelAnswer } from './label-runner';
import { MalformedAnswer, otherFailure, parseRetryAfter, statusFailure, withRetry } from './retry';

/**
 * Gemini's ceilings for one batch of inline requests: "inline requests" are for batches whose whole create
 * request stays under 20 MB (batch mode guide); we stop at 19 MB to leave room for the envelope. The request
 * count ceiling is our own (the API documents none for inline requests).
 */
export const GEMINI_BATCH_LIMITS = { maxItems: 50_000, maxBytes: 19_000_000 } as const;

/** How an enum classifier asks and reads one text: the same functions its item-by-item path uses. */
export interface GeminiEnumCodec {
  readonly contents: (text: string) => Content[];
  /** The generation config (system instruction, enum schema, logprobs), as `generateContent` is given it. */
  readonly config: (sdk: GeminiSdk) => GenerateContentConfig;
  /** Reads an answer; throws `MalformedAnswer` when it does not parse. */
  readonly parse: (response: GenerateContentResponse) => LabelAnswer;
}

/** Batch states on the wire (`BATCH_STATE_*`, batch API reference) and as the SDK and guide name them (`JOB_STATE_*`). */
const STATES: Record<string, BatchState> = {
  PENDING: 'running',
  RUNNING: 'running',
  SUCCEEDED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  EXPIRED: 'expired',
};

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

/**
 * Gemini's batch mode with inline requests: `models/{model}:batchGenerateContent` through the SDK (so each
 * request is converted to the wire exactly as `generateContent` converts it), then the batch operation polled
 * with `GET /v1beta/batches/{id}` and its answers read from `output.inlinedResponses` (in request order) or a
 * responses file. Polls and downloads skip the SDK: its batch object drops `batchStats`, the request counts.
 */
export function geminiBatchProtocol(
  context: GeminiContext,
  model: string,
  codec: GeminiEnumCodec,
): BatchProtocol {
  const { runtime } = context;
  const judge = (error: unknown) =>
    error instanceof HttpFailure
      ? statusFailure(error.status, error.message, parseRetryAfter(error.retryAfter, runtime.retry.now()))
      : otherFailure(error, error instanceof TypeError);
  const get = async (url: string, signal?: AbortSignal, policy = runtime.retry): Promise<string> =>
    withRetry(
      policy,
      async (attempt) => {
        const response = await context.fetch(url, {
          headers: { 'x-goog-api-key': context.apiKey },
          signal: attempt,
        });
        const text = await response.text();
        if (!response.ok)
          throw new HttpFailure(response.status, errorMessage(text), response.headers.get('retry-after'));
        return text;
      },
      judge,
      signal,
    );
  const operation = async (record: BatchRecord, signal?: AbortSignal): Promise<Operation> => {
    const url = `${context.endpoint}/v1beta/${record.batchId}`;
    const text = await get(url, signal);
    try {
      return JSON.parse(text) as Operation;
    } catch {
      throw runnerError({
        component: runtime.component,
        message: `unreadable JSON from GET ${url}: ${text.slice(0, 80)}`,
        retryable: true,
        secrets: runtime.retry.secrets,
      });
    }
  };
  const sizeConfig = codec.config({ Type: { STRING: 'STRING' } } as unknown as GeminiSdk);
  // The converted wire request differs from this by a few bytes (field nesting); the margin covers it.
  const size = (item: { readonly text: string }) =>
    Buffer.byteLength(JSON.stringify({ contents: codec.contents(item.text), config: sizeConfig })) + 64;
  return {
    ...GEMINI_BATCH_LIMITS,
    size,
    upload: async () => [],
    async create(record, items, signal) {
      if (items === undefined)
        throw new BorderlineError({
          code: 'internal',
          message: 'gemini: an inline batch is created from its items',
        });
      const bytes = items.reduce((sum, item) => sum + size(item), 0);
      const job = await withRetry(
        transferPolicy(runtime.retry, bytes),
        async (attempt) => {
          const call = geminiAttempt(context);
          try {
            const { sdk, client } = await context.client();
            const config = codec.config(sdk);
            return await client.batches.create({
              model,
              src: items.map((item) => ({
                contents: codec.contents(item.text),
                config,
                metadata: { key: item.customId },
              })),
              config: {
                displayName: `borderline-${record.inputHash.slice(0, 16)}`,
                abortSignal: attempt,
                httpOptions: { fetch: call.fetch },
              },
            });
          } catch (error) {
            throw judged(call.judge, error);
          }
        },
        unwrapJudge((error) => geminiAttempt(context).judge(error)),
        signal,
      );
      if (typeof job.name !== 'string' || job.name === '')
        throw runnerError({
          component: runtime.component,
          message: 'batchGenerateContent answered without a batch name',
          retryable: false,
          secrets: runtime.retry.secrets,
        });
      return job.name;
    },
    poll: async (record, signal) => toPoll(await operation(record, signal)),
    async results(record, signal) {
      const done = await operation(record, signal);
      const output = done.metadata?.output ?? done.response ?? {};
      const results = new Map<string, BatchItemResult>();
      const inline = output.inlinedResponses?.inlinedResponses;
      if (Array.isArray(inline)) {
        inline.forEach((entry, index) => {
          // Answers come in request order; the key is checked when the API echoes it.
          const key =
            typeof entry?.metadata?.key === 'string' ? entry.metadata.key : record.items[index]?.[0];
          if (key !== undefined) results.set(key, readAnswer(entry, codec));
        });
      } else if (typeof output.responsesFile === 'string') {
        const file = output.responsesFile;
        const url = `${context.endpoint}/download/v1beta/${file}:download?alt=media`;
        const text = await get(url, signal, transferPolicy(runtime.retry, 0, DOWNLOAD_TIMEOUT_MS));
        readResponsesFile(file, text, codec, results);
      }
      return results;
    },
  };
}

/** The batch operation as `GET /v1beta/batches/{id}` returns it (batch API reference, GenerateContentBatch). */
interface Operation {
  readonly name?: string;
  readonly done?: boolean;
  readonly error?: { readonly code?: number; readonly message?: string };
  readonly metadata?: {
    readonly state?: string;
    readonly batchStats?: Record<string, string | number | undefined>;
    readonly output?: BatchOutput;
  };
  readonly response?: BatchOutput;
}

interface BatchOutput {
  readonly responsesFile?: string;
  readonly inlinedResponses?: { readonly inlinedResponses?: readonly InlinedResponse[] };
}

interface InlinedResponse {
  readonly response?: GenerateContentResponse;
  readonly error?: { readonly code?: number; readonly message?: string; readonly status?: string };
  readonly metadata?: { readonly key?: unknown };
}

function toPoll(operation: Operation): BatchPoll {
  const status = operation.metadata?.state ?? 'BATCH_STATE_UNSPECIFIED';
  const stats = operation.metadata?.batchStats ?? {};
  const count = (name: string) => Number(stats[name] ?? 0) || 0;
  const state = STATES[status.replace(/^(BATCH|JOB)_STATE_/, '')] ?? 'running';
  return {
    state,
    status,
    total: count('requestCount'),
    completed: count('successfulRequestCount'),
    failed: count('failedRequestCount'),
    ...(operation.error?.message === undefined ? {} : { message: operation.error.message }),
  };
}

function readAnswer(entry: InlinedResponse, codec: Pick<GeminiEnumCodec, 'parse'>): BatchItemResult {
  if (entry?.error !== undefined && entry.error !== null) {
    const { code, status, message } = entry.error;
    return { ok: false, message: `${status ?? code ?? 'error'}: ${message ?? ''}` };
  }
  if (entry?.response === undefined) return { ok: false, message: 'neither a response nor an error' };
  try {
    return { ok: true, answer: codec.parse(entry.response) };
  } catch (error) {
    if (error instanceof MalformedAnswer) return { ok: false, message: `malformed answer: ${error.reason}` };
    throw error;
  }
}

/** Reads a responses file: one `{key, response}` or `{key, error}` per line; a bad line names file, line, field. */
export function readResponsesFile(
  file: string,
  text: string,
  codec: Pick<GeminiEnumCodec, 'parse'>,
  into: Map<string, BatchItemResult>,
): void {
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const where = { file: `gemini ${file}`, line: index + 1 };
    let parsed: InlinedResponse & { key?: unknown };
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw dataError(
        [{ ...where, message: `not JSON: ${(error as Error).message}` }],
        'gemini batch output',
      );
    }
    if (typeof parsed?.key !== 'string')
      throw dataError([{ ...where, field: 'key', message: 'missing' }], 'gemini batch output');
    into.set(parsed.key, readAnswer(parsed, codec));
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
