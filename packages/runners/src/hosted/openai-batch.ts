import type { Batch } from 'openai/resources/batches';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
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
import type { LabelAnswer } from './label-runner';
import { type OpenAIContext, openAICall, openAISdk } from './openai-client';
import { MalformedAnswer } from './retry';

/** OpenAI's ceilings for one batch input file (Batch API reference, "Create batch": 50,000 requests, 200 MB). */
export const OPENAI_BATCH_LIMITS = { maxItems: 50_000, maxBytes: 200_000_000 } as const;

/** The endpoint every line of our batches calls, as the input line's `url` and the batch's `endpoint`. */
const ENDPOINT = '/v1/chat/completions';

/** How a chat classifier asks and reads one text: the same functions its item-by-item path uses. */
export interface OpenAIChatCodec {
  /** The request body of one text (exactly what `chat.completions.create` is given). */
  readonly body: (text: string) => ChatCompletionCreateParamsNonStreaming;
  /** Reads a completion; throws `MalformedAnswer` when it does not parse. */
  readonly parse: (completion: ChatCompletion) => LabelAnswer;
}

const STATES: Record<Batch['status'], BatchState> = {
  validating: 'running',
  in_progress: 'running',
  finalizing: 'running',
  cancelling: 'running',
  completed: 'completed',
  expired: 'expired',
  cancelled: 'cancelled',
  failed: 'failed',
};

/** One line of the input JSONL (Batch API reference, "The request input object"). */
export function openAIBatchLine(customId: string, body: ChatCompletionCreateParamsNonStreaming): string {
  return JSON.stringify({ custom_id: customId, method: 'POST', url: ENDPOINT, body });
}

/**
 * OpenAI's Batch API: the requests as JSONL uploaded with `purpose: "batch"`, one batch per file on
 * `/v1/chat/completions` with the 24 h completion window, polled by id, answers read from the output file and
 * the error file by custom_id.
 */
export function openAIBatchProtocol(context: OpenAIContext, codec: OpenAIChatCodec): BatchProtocol {
  const batch: OpenAIBatch = { context, codec };
  return {
    ...OPENAI_BATCH_LIMITS,
    size: (item) => Buffer.byteLength(inputLine(codec, item)) + 1,
    upload: async (record, items, signal) => [await uploadInput(batch, record, items, signal)],
    create: (record, _items, signal) => createBatch(batch, record, signal),
    poll: async (record, signal) => toPoll(await retrieveBatch(batch, record, signal)),
    results: async (record, signal) => readResults(batch, await retrieveBatch(batch, record, signal), signal),
  };
}

/** What the steps of one OpenAI batch protocol share. */
interface OpenAIBatch {
  readonly context: OpenAIContext;
  readonly codec: OpenAIChatCodec;
}

/** The input file's line of one request. */
function inputLine(codec: OpenAIChatCodec, item: BatchItem): string {
  return openAIBatchLine(item.customId, codec.body(item.text));
}

/** Uploads the requests as one JSONL file with `purpose: "batch"`; the file's id. */
async function uploadInput(
  { context, codec }: OpenAIBatch,
  record: BatchRecord,
  items: readonly BatchItem[],
  signal?: AbortSignal,
): Promise<string> {
  const jsonl = `${items.map((item) => inputLine(codec, item)).join('\n')}\n`;
  const file = await openAICall(
    context,
    async (attempt) => {
      const client = await context.client();
      const { toFile } = await openAISdk.load();
      const upload = await toFile(
        Buffer.from(jsonl),
        `borderline-batch-${record.inputHash.slice(0, 16)}.jsonl`,
      );
      return client.files.create({ file: upload, purpose: 'batch' }, { signal: attempt });
    },
    signal,
    transferPolicy(context.runtime.retry, Buffer.byteLength(jsonl)),
  );
  return file.id;
}

/** Creates the batch over the record's uploaded file; the batch's id. */
async function createBatch({ context }: OpenAIBatch, record: BatchRecord, signal?: AbortSignal) {
  const batch = await openAICall(
    context,
    async (attempt) =>
      (await context.client()).batches.create(
        {
          input_file_id: record.fileIds[0]!,
          endpoint: ENDPOINT,
          completion_window: '24h',
          // Lets an operator find the batch of a record whose create answer was lost in a crash.
          metadata: { borderline_input: record.inputHash },
        },
        { signal: attempt },
      ),
    signal,
  );
  return batch.id;
}

function retrieveBatch({ context }: OpenAIBatch, record: BatchRecord, signal?: AbortSignal) {
  return openAICall(
    context,
    async (attempt) => (await context.client()).batches.retrieve(record.batchId!, { signal: attempt }),
    signal,
  );
}

/** The answers of an ended batch, from its output file and its error file. */
async function readResults(
  { context, codec }: OpenAIBatch,
  batch: Batch,
  signal?: AbortSignal,
): Promise<Map<string, BatchItemResult>> {
  const results = new Map<string, BatchItemResult>();
  for (const fileId of [batch.output_file_id, batch.error_file_id]) {
    if (typeof fileId !== 'string' || fileId === '') continue;
    const text = await openAICall(
      context,
      async (attempt) => (await (await context.client()).files.content(fileId, { signal: attempt })).text(),
      signal,
      transferPolicy(context.runtime.retry, 0, DOWNLOAD_TIMEOUT_MS),
    );
    readOutputFile(fileId, text, codec, results);
  }
  return results;
}

function toPoll(batch: Batch): BatchPoll {
  const counts = batch.request_counts;
  const messages = (batch.errors?.data ?? []).map(
    (error) =>
      `${error.line === undefined || error.line === null ? '' : `line ${error.line}: `}${error.message ?? error.code}`,
  );
  return {
    state: STATES[batch.status] ?? 'running',
    status: batch.status,
    total: counts?.total ?? 0,
    completed: counts?.completed ?? 0,
    failed: counts?.failed ?? 0,
    ...(messages.length === 0 ? {} : { message: messages.join('; ') }),
  };
}

/**
 * Reads an output or error file (Batch API reference, "The request output object": `{id, custom_id, response:
 * {status_code, request_id, body}, error: {code, message}}`). A line that is not such an object is an
 * `invalid-data` error naming the file, line and field.
 */
export function readOutputFile(
  fileId: string,
  text: string,
  codec: Pick<OpenAIChatCodec, 'parse'>,
  into: Map<string, BatchItemResult>,
): void {
  readBatchLines<OutputLine>(
    text,
    { file: `openai file ${fileId}`, component: 'openai batch output', keyField: 'custom_id' },
    (line) => readOutputLine(line, codec),
    into,
  );
}

/** One line of an output or error file, as far as it is read. */
interface OutputLine {
  readonly response?: Record<string, unknown> | null;
  readonly error?: Record<string, unknown> | null;
}

function readOutputLine(line: OutputLine, codec: Pick<OpenAIChatCodec, 'parse'>): BatchItemResult {
  if (line.error !== null && line.error !== undefined) {
    return {
      ok: false,
      message: `${String(line.error.code ?? 'error')}: ${String(line.error.message ?? '')}`,
    };
  }
  const response = line.response;
  const status = response?.status_code;
  const body = response?.body as Record<string, unknown> | undefined;
  if (status !== 200 || body === undefined) {
    const error = (body?.error ?? {}) as { message?: unknown };
    return { ok: false, message: `HTTP ${String(status)}: ${String(error.message ?? 'no body')}` };
  }
  try {
    return { ok: true, answer: codec.parse(body as unknown as ChatCompletion) };
  } catch (error) {
    if (error instanceof MalformedAnswer) return { ok: false, message: `malformed answer: ${error.reason}` };
    throw error;
  }
}
