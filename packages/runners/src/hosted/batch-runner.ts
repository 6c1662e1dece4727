import { BorderlineError } from '@borderline/core';
import type { BatchItem, BatchOptions, BatchProgress, BatchProtocol } from './batch-protocol';
import { type BatchRecord, inputHash, readRecords, removeRecord, writeRecord } from './batch-state';
import { abortedError, runnerError } from './errors';
import {
  encodeAnswer,
  type LabelOutcome,
  type LabelRequest,
  readCachedAnswer,
  runLabels,
} from './label-runner';
import { cacheKey } from './response-cache';
import type { HostedRuntime } from './settings';

/** An item the batch answered with an error, as reported or retried. */
interface ItemFailure {
  readonly batchId: string;
  readonly customId: string;
  readonly message: string;
}

/** One call's view: what it needs, what it has, and where it reports. */
interface BatchCall {
  readonly runtime: HostedRuntime;
  readonly spec: LabelRequest;
  readonly protocol: BatchProtocol;
  readonly options: BatchOptions;
  readonly signal: AbortSignal | undefined;
  readonly textOf: Map<string, string>;
  /** Keys this call still needs an answer for (not cached when it started). */
  readonly wanted: Set<string>;
  readonly answers: Map<string, LabelOutcome>;
  readonly failures: Map<string, ItemFailure>;
}

const report = (call: BatchCall, progress: Omit<BatchProgress, 'type'>): void =>
  call.options.onProgress?.({ type: 'batch', ...progress });

/**
 * Labels `texts` through a provider's batch API. Cached items are not sent; items of a batch recorded in the
 * state directory (by an earlier, perhaps killed, process) are polled there, not submitted again; the rest is
 * split into batches within the provider's limits, each recorded durably before it is sent. Answers go to the
 * response cache, so the item-by-item path finds them too. Items the batch answered with an error are retried
 * item by item or reported (`itemFailures`); items of an expired or cancelled batch are resubmitted.
 */
export async function runBatchLabels(
  runtime: HostedRuntime,
  spec: LabelRequest,
  protocol: BatchProtocol,
  options: BatchOptions,
  texts: readonly string[],
  signal?: AbortSignal,
): Promise<LabelOutcome[]> {
  if (signal?.aborted) throw abortedError(runtime.component);
  const keys = texts.map((text) =>
    cacheKey({ provider: spec.provider, model: spec.model, prompt: spec.prompt, text }),
  );
  const textOf = new Map<string, string>();
  keys.forEach((key, index) => {
    if (!textOf.has(key)) textOf.set(key, texts[index]!);
  });
  const answers = new Map<string, LabelOutcome>();
  for (const key of textOf.keys()) {
    const hit = readCachedAnswer(await runtime.cache.get(key));
    if (hit !== undefined) answers.set(key, { status: 'labelled', ...hit });
  }
  const wanted = new Set([...textOf.keys()].filter((key) => !answers.has(key)));
  const call: BatchCall = {
    runtime,
    spec,
    protocol,
    options,
    signal,
    textOf,
    wanted,
    answers,
    failures: new Map(),
  };
  if (wanted.size > 0) {
    await settleThroughBatches(call);
    await settleFailures(call);
  }
  return keys.map((key) => answers.get(key)!);
}

async function settleThroughBatches(call: BatchCall): Promise<void> {
  const fresh = new Set(call.wanted);
  let running = await claimRecorded(call, fresh);
  let unsent = [...fresh];
  for (let round = 0; ; round++) {
    const submitted: BatchRecord[] = [];
    for (const chunk of chunkItems(call, unsent)) submitted.push(await submit(call, chunk));
    const leftover = await waitForAll(call, [...running, ...submitted]);
    running = [];
    if (leftover.length === 0) return;
    if (round >= (call.options.maxResubmits ?? 2)) {
      for (const { key, batchId } of leftover) {
        call.failures.set(key, {
          batchId,
          customId: '',
          message: `unanswered after ${round + 1} expired or cancelled batches`,
        });
      }
      return;
    }
    unsent = leftover.map(({ key }) => key);
  }
}

/**
 * Finds recorded batches holding wanted items and takes those items out of `fresh`. A record with neither a batch
 * nor a file was never paid for: it is dropped and its items sent anew. A record with a file but no batch (the
 * process stopped between upload and create) gets its batch created from that file.
 */
async function claimRecorded(call: BatchCall, fresh: Set<string>): Promise<BatchRecord[]> {
  const claimed: BatchRecord[] = [];
  for (let record of await readRecords(call.options.stateDir)) {
    if (!record.items.some(([, key]) => fresh.has(key))) continue;
    if (record.batchId === undefined && record.fileIds.length === 0) {
      await removeRecord(call.options.stateDir, record);
      continue;
    }
    for (const [, key] of record.items) fresh.delete(key);
    if (record.batchId === undefined) {
      record = { ...record, batchId: await call.protocol.create(record, undefined, call.signal) };
      await writeRecord(call.options.stateDir, record);
    }
    report(call, { event: 'resumed', batchId: record.batchId!, status: 'recorded', ...counts(0, 0, 0) });
    claimed.push(record);
  }
  return claimed;
}

const counts = (total: number, completed: number, failed: number) => ({ total, completed, failed });

/** Splits keys into batches within the request and byte ceilings (the caller's `maxItemsPerBatch` too). */
function chunkItems(call: BatchCall, keys: readonly string[]): { key: string; item: BatchItem }[][] {
  const maxItems = Math.min(
    call.protocol.maxItems,
    call.options.maxItemsPerBatch ?? Number.POSITIVE_INFINITY,
  );
  const chunks: { key: string; item: BatchItem }[][] = [];
  let chunk: { key: string; item: BatchItem }[] = [];
  let bytes = 0;
  for (const key of keys) {
    const item: { customId: string; text: string } = {
      customId: `item-${chunk.length}`,
      text: call.textOf.get(key)!,
    };
    const size = call.protocol.size(item);
    if (chunk.length > 0 && (chunk.length >= maxItems || bytes + size > call.protocol.maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
      item.customId = 'item-0';
    }
    chunk.push({ key, item });
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Records the batch, uploads its input, records the file, creates the batch, records its id. */
async function submit(call: BatchCall, chunk: { key: string; item: BatchItem }[]): Promise<BatchRecord> {
  const { stateDir } = call.options;
  const items = chunk.map(({ item }) => item);
  let record: BatchRecord = {
    format: 1,
    inputHash: inputHash(chunk.map(({ key }) => key)),
    provider: call.spec.provider,
    model: call.spec.model,
    fileIds: [],
    items: chunk.map(({ key, item }) => [item.customId, key] as const),
  };
  await writeRecord(stateDir, record);
  const fileIds = await call.protocol.upload(record, items, call.signal);
  if (fileIds.length > 0) {
    record = { ...record, fileIds };
    await writeRecord(stateDir, record);
  }
  record = { ...record, batchId: await call.protocol.create(record, items, call.signal) };
  await writeRecord(stateDir, record);
  report(call, {
    event: 'submitted',
    batchId: record.batchId!,
    status: 'created',
    ...counts(items.length, 0, 0),
  });
  return record;
}

/**
 * Polls every batch until none is running, reading each one's answers as it ends. Returns the wanted items an
 * expired or cancelled batch left unanswered, or whose batch the provider no longer knows (to resubmit).
 */
async function waitForAll(
  call: BatchCall,
  records: readonly BatchRecord[],
): Promise<{ key: string; batchId: string }[]> {
  const pending = [...records];
  const leftover: { key: string; batchId: string }[] = [];
  for (;;) {
    for (const record of [...pending]) {
      const unanswered = await step(call, record);
      if (unanswered === undefined) continue;
      pending.splice(pending.indexOf(record), 1);
      for (const key of unanswered) leftover.push({ key, batchId: record.batchId! });
    }
    if (pending.length === 0) return leftover;
    try {
      await call.runtime.retry.sleep(call.options.pollInterval ?? 60_000, call.signal);
    } catch (error) {
      if (call.signal?.aborted) throw abortedError(call.runtime.component);
      throw error;
    }
  }
}

/** A provider's 404 for a batch or its output file: the batch is gone (deleted, expired files, another key). */
const isGone = (error: unknown): boolean =>
  BorderlineError.is(error) &&
  error.code === 'runner' &&
  (error.cause as { status?: unknown } | undefined)?.status === 404;

/** One poll of one batch: undefined while it runs, else the wanted keys it left unanswered. */
async function step(call: BatchCall, record: BatchRecord): Promise<string[] | undefined> {
  const batchId = record.batchId!;
  try {
    const poll = await call.protocol.poll(record, call.signal);
    const seen = { batchId, status: poll.status, ...counts(poll.total, poll.completed, poll.failed) };
    report(call, { event: 'polled', ...seen });
    if (poll.state === 'running') return undefined;
    if (poll.state === 'failed') {
      // A batch that failed validation yields nothing; its record goes so a later call may submit again.
      await removeRecord(call.options.stateDir, record);
      throw runnerError({
        component: call.runtime.component,
        message: `batch ${batchId} failed${poll.message === undefined ? '' : `: ${poll.message}`}`,
        retryable: false,
        secrets: call.runtime.retry.secrets,
      });
    }
    const unanswered = await ingest(call, record, poll.state === 'completed');
    report(call, { event: 'finished', ...seen });
    return unanswered;
  } catch (error) {
    if (!isGone(error)) throw error;
    await removeRecord(call.options.stateDir, record);
    report(call, { event: 'lost', batchId, status: 'not found', ...counts(0, 0, 0) });
    return record.items.map(([, key]) => key).filter((key) => call.wanted.has(key) && !call.answers.has(key));
  }
}

/**
 * Caches a finished batch's answers, records its item failures, and keeps in its record only the answered items
 * (so a process without a persistent response store can read them again). Returns the wanted keys left unanswered
 * when the batch did not complete.
 */
async function ingest(call: BatchCall, record: BatchRecord, completed: boolean): Promise<string[]> {
  const results = await call.protocol.results(record, call.signal);
  const answered: (readonly [string, string])[] = [];
  const unanswered: string[] = [];
  for (const [customId, key] of record.items) {
    const result = results.get(customId);
    if (result?.ok === true) {
      await call.runtime.cache.set(key, encodeAnswer(result.answer));
      if (call.wanted.has(key)) call.answers.set(key, { status: 'labelled', ...result.answer });
      answered.push([customId, key]);
    } else if (call.wanted.has(key) && !call.answers.has(key)) {
      if (completed) {
        const message = result?.message ?? 'no line for it in the output or error file';
        call.failures.set(key, { batchId: record.batchId!, customId, message });
      } else unanswered.push(key);
    }
  }
  if (answered.length === 0) await removeRecord(call.options.stateDir, record);
  else if (answered.length < record.items.length)
    await writeRecord(call.options.stateDir, { ...record, items: answered });
  return unanswered;
}

/** Items the batch answered with an error: asked again item by item, or reported by custom_id. */
async function settleFailures(call: BatchCall): Promise<void> {
  const failed = [...call.failures].filter(([key]) => !call.answers.has(key));
  if (failed.length === 0) return;
  if ((call.options.itemFailures ?? 'retry') === 'error') {
    const shown = failed.slice(0, 5).map(([, failure]) => {
      const id = failure.customId === '' ? '' : ` custom_id ${failure.customId}`;
      return `batch ${failure.batchId}${id}: ${failure.message}`;
    });
    const more = failed.length > shown.length ? `; and ${failed.length - shown.length} more` : '';
    throw runnerError({
      component: call.runtime.component,
      message: `${failed.length} item${failed.length === 1 ? '' : 's'} failed in the batch: ${shown.join('; ')}${more}`,
      retryable: false,
      secrets: call.runtime.retry.secrets,
    });
  }
  const texts = failed.map(([key]) => call.textOf.get(key)!);
  const outcomes = await runLabels(call.runtime, call.spec, texts, call.signal);
  failed.forEach(([key], index) => {
    call.answers.set(key, outcomes[index]!);
  });
}
