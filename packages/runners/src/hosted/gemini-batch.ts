import { BorderlineError } from '@borderline/core';
import type { Content, GenerateContentConfig, GenerateContentResponse } from '@google/genai';
import {
  type BatchItem,
  type BatchItemResult,
  type BatchPoll,
  type BatchProtocol,
  type BatchState,
  DOWNLOAD_TIMEOUT_MS,
  readBatchLines,
  transferPolicy,
} from './batch-protocol';
import type { BatchRecord } from './batch-state';
import { runnerError } from './errors';
import { type GeminiContext, type GeminiSdk, geminiAttemptFetch, judgeGeminiError } from './gemini-client';
import { type GeminiRest, geminiRest } from './gemini-rest';
import type { LabelAnswer } from './label-runner';
import { MalformedAnswer, withRetry } from './retry';

/**
 * Gemini's ceilings. Inline requests are for batches whose create request stays under 20 MB (batch mode guide);
 * we stop at 19 MB to leave room for the envelope. Larger batches go as an uploaded JSONL file (the Files API
 * takes up to 2 GB); we cap a file at 400 MB, below what one JavaScript string can hold. The request count
 * ceiling is our own: the API documents none.
 */
export const GEMINI_BATCH_LIMITS = {
  maxItems: 50_000,
  maxBytes: 400_000_000,
  maxInlineBytes: 19_000_000,
} as const;

/** How an enum classifier asks and reads one text: the same functions its item-by-item path uses. */
export interface GeminiEnumCodec {
  readonly contents: (text: string) => Content[];
  /** The generation config (system instruction, enum schema, logprobs), as `generateContent` is given it. */
  readonly config: (sdk: GeminiSdk) => GenerateContentConfig;
  /**
   * The wire `GenerateContentRequest` of one text, as the SDK sends it for `generateContent` (a test checks the
   * two are equal): the line of an input file, which the SDK does not build.
   */
  readonly wireRequest: (text: string) => Record<string, unknown>;
  /** Reads an answer; throws `MalformedAnswer` when it does not parse. */
  readonly parse: (response: GenerateContentResponse) => LabelAnswer;
}

/** How a Gemini batch sends its requests: by size (`auto`), or always inline, or always as a file. */
export type GeminiBatchInput = 'auto' | 'inline' | 'file';

/** Batch states on the wire (`BATCH_STATE_*`, batch API reference) and as the SDK and guide name them (`JOB_STATE_*`). */
const STATES: Record<string, BatchState> = {
  PENDING: 'running',
  RUNNING: 'running',
  SUCCEEDED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  EXPIRED: 'expired',
};

/** One line of an input file (batch mode guide: `{"key": ..., "request": GenerateContentRequest}`). */
export function geminiBatchLine(key: string, request: Record<string, unknown>): string {
  return JSON.stringify({ key, request });
}

/**
 * Gemini's batch mode: `models/{model}:batchGenerateContent` through the SDK, with the requests inline (the SDK
 * converts each exactly as `generateContent` does) or, above the inline ceiling, as a JSONL file uploaded with the
 * Files API's resumable protocol. The batch operation is polled with `GET /v1beta/batches/{id}`; answers come from
 * `output.inlinedResponses` (in request order) or the responses file. Polls, uploads and downloads skip the SDK:
 * its batch object drops `batchStats` (the request counts), and its upload retries on its own timers.
 */
export function geminiBatchProtocol(
  context: GeminiContext,
  model: string,
  codec: GeminiEnumCodec,
  input: GeminiBatchInput = 'auto',
): BatchProtocol {
  const batch: GeminiBatch = { context, rest: geminiRest(context), model, codec, input };
  const operation = (record: BatchRecord, signal?: AbortSignal) =>
    batch.rest.getJson<Operation>(`${context.endpoint}/v1beta/${record.batchId}`, signal);
  return {
    maxItems: GEMINI_BATCH_LIMITS.maxItems,
    maxBytes: input === 'inline' ? GEMINI_BATCH_LIMITS.maxInlineBytes : GEMINI_BATCH_LIMITS.maxBytes,
    size: (item) => inputSize(codec, item),
    upload: (record, items, signal) => uploadInput(batch, record, items, signal),
    create: (record, items, signal) => createBatch(batch, record, items, signal),
    poll: async (record, signal) => toPoll(await operation(record, signal)),
    results: async (record, signal) => readResults(batch, record, await operation(record, signal), signal),
  };
}

/** What the steps of one Gemini batch protocol share. */
interface GeminiBatch {
  readonly context: GeminiContext;
  readonly rest: GeminiRest;
  readonly model: string;
  readonly codec: GeminiEnumCodec;
  readonly input: GeminiBatchInput;
}

/** The input file's line of one request. */
function inputLine(codec: GeminiEnumCodec, item: BatchItem): string {
  return geminiBatchLine(item.customId, codec.wireRequest(item.text));
}

/** The bytes one request adds to the input (its line and the newline). */
function inputSize(codec: GeminiEnumCodec, item: BatchItem): number {
  return Buffer.byteLength(inputLine(codec, item)) + 1;
}

function inputBytes(codec: GeminiEnumCodec, items: readonly BatchItem[]): number {
  return items.reduce((sum, item) => sum + inputSize(codec, item), 0);
}

/** Uploads the requests as a JSONL file when they go as a file (`file`, or `auto` above the inline ceiling). */
async function uploadInput(
  batch: GeminiBatch,
  record: BatchRecord,
  items: readonly BatchItem[],
  signal?: AbortSignal,
): Promise<string[]> {
  const { input, codec } = batch;
  if (input === 'inline') return [];
  // The file's bytes are the items' input size: each line and its newline.
  const jsonl = Buffer.from(`${items.map((item) => inputLine(codec, item)).join('\n')}\n`);
  if (input === 'auto' && jsonl.length <= GEMINI_BATCH_LIMITS.maxInlineBytes) return [];
  const name = `borderline-batch-${record.inputHash.slice(0, 16)}`;
  const policy = transferPolicy(batch.context.runtime.retry, jsonl.length);
  return [await batch.rest.upload(jsonl, 'application/jsonl', name, signal, policy)];
}

/** `batchGenerateContent` from the uploaded file, or from the items inline; the batch's name. */
async function createBatch(
  batch: GeminiBatch,
  record: BatchRecord,
  items: readonly BatchItem[] | undefined,
  signal?: AbortSignal,
): Promise<string> {
  const { context, codec } = batch;
  const { runtime } = context;
  const file = record.fileIds[0];
  if (file === undefined && items === undefined)
    throw new BorderlineError({ code: 'internal', message: 'gemini: an inline batch needs its items' });
  const inline = file === undefined ? (items ?? []) : [];
  const job = await withRetry(
    transferPolicy(runtime.retry, inputBytes(codec, inline)),
    async (attempt, judgeWith) => {
      const fetch = geminiAttemptFetch(context, judgeWith);
      const { sdk, client } = await context.client();
      return await client.batches.create({
        model: batch.model,
        src: file ?? inlineRequests(codec, sdk, inline),
        config: {
          displayName: `borderline-${record.inputHash.slice(0, 16)}`,
          abortSignal: attempt,
          httpOptions: { fetch },
        },
      });
    },
    judgeGeminiError(context),
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
}

/** The inline requests, each as `generateContent` is given it, keyed by its custom_id. */
function inlineRequests(codec: GeminiEnumCodec, sdk: GeminiSdk, items: readonly BatchItem[]) {
  const config = codec.config(sdk);
  return items.map((item) => ({
    contents: codec.contents(item.text),
    config,
    metadata: { key: item.customId },
  }));
}

/** The answers of an ended batch: inline (in request order), else from the responses file. */
async function readResults(
  batch: GeminiBatch,
  record: BatchRecord,
  done: Operation,
  signal?: AbortSignal,
): Promise<Map<string, BatchItemResult>> {
  const { context, codec } = batch;
  const output = done.metadata?.output ?? done.response ?? {};
  const results = new Map<string, BatchItemResult>();
  const inline = output.inlinedResponses?.inlinedResponses;
  if (Array.isArray(inline)) {
    inline.forEach((entry, index) => {
      // Answers come in request order; the key is checked when the API echoes it.
      const key = typeof entry?.metadata?.key === 'string' ? entry.metadata.key : record.items[index]?.[0];
      if (key !== undefined) results.set(key, readAnswer(entry, codec));
    });
  } else if (typeof output.responsesFile === 'string') {
    const file = output.responsesFile;
    const url = `${context.endpoint}/download/v1beta/${file}:download?alt=media`;
    const policy = transferPolicy(context.runtime.retry, 0, DOWNLOAD_TIMEOUT_MS);
    readResponsesFile(file, await batch.rest.get(url, signal, policy), codec, results);
  }
  return results;
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
  readBatchLines<InlinedResponse>(
    text,
    { file: `gemini ${file}`, component: 'gemini batch output', keyField: 'key' },
    (line) => readAnswer(line, codec),
    into,
  );
}
