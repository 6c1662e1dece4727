import { dataError } from '@borderline/core';
import { z } from 'zod';
import type { BatchRecord } from './batch-state';
import type { LabelAnswer } from './label-runner';
import type { RetryPolicy } from './retry';

/** Downloads of batch output (up to hundreds of MB) get at least this long per attempt. */
export const DOWNLOAD_TIMEOUT_MS = 600_000;

/**
 * The retry policy for moving `bytes` (a batch's input or output): each attempt gets at least a second per MB
 * (and at least `floorMs`), and the whole request three attempts' worth, so a 200 MB upload is not cut off by
 * the 60 s per-request timeout meant for one completion.
 */
export function transferPolicy(policy: RetryPolicy, bytes: number, floorMs = 0): RetryPolicy {
  const timeoutMs = Math.max(policy.timeoutMs, floorMs, Math.ceil(bytes / 1000));
  if (timeoutMs === policy.timeoutMs) return policy;
  const maxTotalMs = policy.maxTotalMs === undefined ? undefined : Math.max(policy.maxTotalMs, 3 * timeoutMs);
  return { ...policy, timeoutMs, ...(maxTotalMs === undefined ? {} : { maxTotalMs }) };
}

/**
 * The batch path of a hosted classifier: `classify`/`label` go through the provider's batch API (OpenAI's Batch
 * API, Gemini's batch mode) instead of one request per text. Answers land in the same response cache.
 */
export interface BatchOptions {
  /** Directory of the batch records (one small JSON file per batch); a restarted process resumes from it. */
  readonly stateDir: string;
  /** Milliseconds between polls of a running batch (default 60 000). */
  readonly pollInterval?: number;
  /** Largest number of requests per batch (default and ceiling: the provider's limit, 50 000 for OpenAI). */
  readonly maxItemsPerBatch?: number;
  /**
   * What happens to an item the batch answered with an error (an error-file line, a non-200 status, a malformed
   * answer): `'retry'` (default) asks it again item by item through the normal path (full price, the usual retry
   * and malformed-answer rules); `'error'` fails the call with a `runner` error naming each custom_id and the
   * provider's message.
   */
  readonly itemFailures?: 'retry' | 'error';
  /** How many times items of an expired or cancelled batch are resubmitted in a new batch (default 2). */
  readonly maxResubmits?: number;
  /**
   * Gemini: how a batch's requests are sent: `'auto'` (default) inline up to 19 MB, else as an uploaded JSONL
   * file; `'inline'`; `'file'`. OpenAI always uploads a file.
   */
  readonly input?: 'auto' | 'inline' | 'file';
  /** Receives each submission, poll and end of a batch (request counts as the provider reports them). */
  readonly onProgress?: (progress: BatchProgress) => void;
}

/** zod schema of {@link BatchOptions}. */
export const batchOptionsSchema = z.object({
  stateDir: z.string().min(1),
  pollInterval: z.number().min(0).optional(),
  maxItemsPerBatch: z.number().int().min(1).optional(),
  itemFailures: z.enum(['retry', 'error']).optional(),
  maxResubmits: z.number().int().min(0).max(20).optional(),
  input: z.enum(['auto', 'inline', 'file']).optional(),
  onProgress: z.custom<(progress: BatchProgress) => void>((value) => typeof value === 'function').optional(),
});

/** One step in the life of a batch, as reported to `onProgress`. */
export interface BatchProgress {
  readonly type: 'batch';
  /**
   * `submitted` (created now), `resumed` (found in the state directory), `polled`, `finished` (results read),
   * `lost` (the provider answered 404 for the batch or its output: its unanswered items are submitted again).
   */
  readonly event: 'submitted' | 'resumed' | 'polled' | 'finished' | 'lost';
  readonly batchId: string;
  /** The provider's own status word (`in_progress`, `BATCH_STATE_RUNNING`, ...). */
  readonly status: string;
  /** Requests of this batch, as the provider counts them (0 until it has counted). */
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
}

/** Where a batch stands, in provider-neutral terms. */
export type BatchState = 'running' | 'completed' | 'expired' | 'cancelled' | 'failed';

/** One poll of a batch. */
export interface BatchPoll {
  readonly state: BatchState;
  readonly status: string;
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
  /** Why a failed batch failed (the provider's messages). */
  readonly message?: string;
}

/** One request of a batch: its custom_id (unique within the batch) and its text. */
export interface BatchItem {
  readonly customId: string;
  readonly text: string;
}

/** What the batch answered for one custom_id. */
export type BatchItemResult =
  | { readonly ok: true; readonly answer: LabelAnswer }
  | { readonly ok: false; readonly message: string };

/** The provider side of the batch path: how requests are sent, polled and read back. */
export interface BatchProtocol {
  /** The provider's ceilings per batch: requests and input bytes. */
  readonly maxItems: number;
  readonly maxBytes: number;
  /** The bytes one request adds to a batch's input. */
  size(item: BatchItem): number;
  /** Uploads the input when the provider takes a file; the uploaded file ids (none for inline requests). */
  upload(record: BatchRecord, items: readonly BatchItem[], signal?: AbortSignal): Promise<string[]>;
  /**
   * Creates the batch and returns its id. `items` is absent when a restarted process creates the batch from a
   * file it uploaded before (only for providers whose records hold file ids).
   */
  create(record: BatchRecord, items: readonly BatchItem[] | undefined, signal?: AbortSignal): Promise<string>;
  poll(record: BatchRecord, signal?: AbortSignal): Promise<BatchPoll>;
  /** The answers of a batch that is no longer running, by custom_id (items without any are absent). */
  results(record: BatchRecord, signal?: AbortSignal): Promise<Map<string, BatchItemResult>>;
}

/** Where a batch output file's lines come from, for its errors. */
export interface BatchLinesSource {
  /** The file as its errors name it, e.g. `openai file file-abc`. */
  readonly file: string;
  /** The error summary, e.g. `openai batch output`. */
  readonly component: string;
  /** The field of each line that holds the request's key (`custom_id`, `key`). */
  readonly keyField: string;
}

/**
 * Reads a provider's JSONL batch output: each non-blank line parsed and its answer, read by `readLine`, put in
 * `into` under the line's key. A line that is not JSON, or has no string key, is an `invalid-data` error naming
 * the file, the line and the field.
 */
export function readBatchLines<T extends object>(
  text: string,
  source: BatchLinesSource,
  readLine: (parsed: T) => BatchItemResult,
  into: Map<string, BatchItemResult>,
): void {
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const where = { file: source.file, line: index + 1 };
    let parsed: T & Record<string, unknown>;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw dataError([{ ...where, message: `not JSON: ${(error as Error).message}` }], source.component);
    }
    const key = parsed?.[source.keyField];
    if (typeof key !== 'string')
      throw dataError([{ ...where, field: source.keyField, message: 'missing' }], source.component);
    into.set(key, readLine(parsed));
  }
}
