import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import { multipartFields } from '../testing/fake-batch-backend';
import { type FakeProviderServer, startFakeProviderServer } from '../testing/fake-provider-server';
import type { BatchOptions, BatchProgress } from './batch-protocol';
import type { OpenAICompatibleSettings } from './openai-client';
import { createOpenAICompatible } from './openai-compatible';
import type { ResponseStore } from './response-cache';

const policy = { description: 'Ads that promise something for free.', labels: ['ok', 'violating'] as const };
const texts = ['Get it FREE today', 'Quarterly report', 'Act now!!', 'Meeting notes', 'free shipping'];
let server: FakeProviderServer;
let stateDir: string;
let sleeps: number[];

beforeEach(async () => {
  server = await startFakeProviderServer();
  stateDir = tempDir('borderline-batch-').dir;
  sleeps = [];
});
afterEach(async () => {
  await server.close();
});

function provider(settings: OpenAICompatibleSettings = {}) {
  return createOpenAICompatible({
    baseURL: `${server.url}/v1`,
    apiKey: 'sk-test-batch-0123456789',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...settings,
  });
}

function batchClassifier(batch: Partial<BatchOptions> = {}, settings: OpenAICompatibleSettings = {}) {
  return provider(settings).classifier({
    model: 'gpt-test',
    policy,
    batch: { stateDir, pollInterval: 5, ...batch },
  });
}

const requests = (method: string, suffix: string) =>
  server.requests.filter((request) => request.method === method && request.path.endsWith(suffix));
const chatRequests = () => requests('POST', '/chat/completions');
const uploads = () => requests('POST', '/v1/files');
const creates = () => requests('POST', '/v1/batches');
const uploadedLines = (index: number) => {
  const upload = uploads()[index]!;
  const file = multipartFields(String(upload.headers['content-type']), upload.body).get('file') ?? '';
  return file
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
};

describe('openai batch path', () => {
  it('answers exactly as the item-by-item path, sending the documented JSONL lines and batch', async () => {
    const single = await provider().classifier({ model: 'gpt-test', policy }).label(texts);
    const singleBodies = chatRequests().map((request) => JSON.parse(request.body));
    const progress: BatchProgress[] = [];
    const batched = await batchClassifier({ onProgress: (event) => progress.push(event) }).label(texts);
    expect(batched).toEqual(single);
    expect(chatRequests()).toHaveLength(texts.length); // the batch sent none
    const upload = uploads()[0]!;
    expect(multipartFields(String(upload.headers['content-type']), upload.body).get('purpose')).toBe('batch');
    const lines = uploadedLines(0);
    expect(lines.map((line) => Object.keys(line).sort())).toEqual(
      texts.map(() => ['body', 'custom_id', 'method', 'url']),
    );
    expect(new Set(lines.map((line) => line.custom_id)).size).toBe(texts.length);
    for (const [index, line] of lines.entries()) {
      expect(line.method).toBe('POST');
      expect(line.url).toBe('/v1/chat/completions');
      expect(line.body).toEqual(singleBodies[index]);
    }
    const create = JSON.parse(creates()[0]!.body);
    expect(create).toMatchObject({ endpoint: '/v1/chat/completions', completion_window: '24h' });
    expect(create.input_file_id).toBe(server.batch.batches[0]!.create.input_file_id);
    expect(progress.map((event) => `${event.event}:${event.status}`)).toEqual([
      'submitted:created',
      'polled:in_progress',
      'polled:completed',
      'finished:completed',
    ]);
    expect(progress.at(-1)).toMatchObject({ total: texts.length, completed: texts.length, failed: 0 });
    expect(sleeps).toEqual([5]);
  });

  it('resumes the recorded batch after a restart instead of creating a second one', async () => {
    server.batch.scripts.push({ runningPolls: 3 });
    const stop = new AbortController();
    const first = batchClassifier({
      onProgress: (event) => {
        if (event.event === 'polled') stop.abort();
      },
    });
    await expect(first.label(texts, { signal: stop.signal })).rejects.toMatchObject({ code: 'aborted' });
    expect(creates()).toHaveLength(1);
    const progress: BatchProgress[] = [];
    const restarted = batchClassifier({ onProgress: (event) => progress.push(event) });
    const answers = await restarted.label(texts);
    expect(creates()).toHaveLength(1);
    expect(uploads()).toHaveLength(1);
    expect(progress[0]).toMatchObject({ event: 'resumed', batchId: server.batch.batches[0]!.id });
    expect(answers).toEqual(await provider().classifier({ model: 'gpt-test', policy }).label(texts));
  });

  it('submits again the items of a recorded batch the provider no longer knows (404)', async () => {
    server.batch.scripts.push({ runningPolls: 3 });
    const stop = new AbortController();
    const first = batchClassifier({ onProgress: (event) => event.event === 'polled' && stop.abort() });
    await expect(first.label(texts, { signal: stop.signal })).rejects.toMatchObject({ code: 'aborted' });
    server.batch.batches.splice(0); // the provider forgets it
    const progress: BatchProgress[] = [];
    const answers = await batchClassifier({ onProgress: (event) => progress.push(event) }).label(texts);
    expect(progress.map((event) => event.event)).toContain('lost');
    expect(creates()).toHaveLength(2);
    expect(answers).toEqual(await provider().classifier({ model: 'gpt-test', policy }).label(texts));
  });

  it('creates the batch from the uploaded file when the process stopped between upload and create', async () => {
    server.faults.push({ path: '/v1/batches', type: 'status', status: 400 });
    await expect(batchClassifier().label(texts)).rejects.toMatchObject({ code: 'runner' });
    expect(uploads()).toHaveLength(1);
    const scores = await batchClassifier().classify(texts);
    expect(uploads()).toHaveLength(1);
    expect(creates()).toHaveLength(2);
    expect(Array.from(scores, (score) => (score > 0.5 ? 1 : 0))).toEqual([1, 0, 1, 0, 1]);
  });

  it('sends no cached item, and fills the cache the item-by-item path reads', async () => {
    const stored = new Map<string, string>();
    const store: ResponseStore = {
      get: (key) => stored.get(key),
      set: (key, value) => void stored.set(key, value),
    };
    await provider({ store }).classifier({ model: 'gpt-test', policy }).label(texts.slice(0, 2));
    await batchClassifier({}, { store }).label([...texts, texts[4]!]);
    expect(uploadedLines(0)).toHaveLength(3);
    const before = chatRequests().length;
    await provider({ store }).classifier({ model: 'gpt-test', policy }).label(texts);
    expect(chatRequests()).toHaveLength(before);
    await batchClassifier({}, { store }).label(texts);
    expect(uploads()).toHaveLength(1);
  });

  it('retries items the batch answered with an error through the item-by-item path', async () => {
    server.batch.scripts.push({ errorItems: [1], statusItems: [3] });
    const answers = await batchClassifier().label(texts);
    expect(answers).toEqual(await provider().classifier({ model: 'gpt-test', policy }).label(texts));
    // Two retried item by item, then five asked (concurrently) by the reference classifier.
    const asked = chatRequests().map((request) => JSON.parse(request.body).messages.at(-1).content);
    expect(asked.slice(0, 2)).toEqual([texts[1], texts[3]]);
    expect(asked.slice(2).sort()).toEqual([...texts].sort());
  });

  it('reports item errors by custom_id and message when asked to', async () => {
    server.batch.scripts.push({ errorItems: [1], statusItems: [3] });
    const failing = batchClassifier({ itemFailures: 'error' }).label(texts);
    await expect(failing).rejects.toMatchObject({ code: 'runner' });
    const message = await failing.catch((error: Error) => error.message);
    expect(message).toContain('custom_id item-1: server_error: fake item failure');
    expect(message).toContain('custom_id item-3: HTTP 500: fake upstream 500');
    expect(chatRequests()).toHaveLength(0);
  });

  it('resubmits only the items an expired batch left unanswered', async () => {
    server.batch.scripts.push({ outcome: 'expired', answered: 2 });
    const answers = await batchClassifier().label(texts);
    expect(creates()).toHaveLength(2);
    expect(uploadedLines(1).map((line) => line.body.messages.at(-1).content)).toEqual(texts.slice(2));
    expect(answers).toEqual(await provider().classifier({ model: 'gpt-test', policy }).label(texts));
  });

  it('fails with the provider messages when a batch fails validation, and forgets it', async () => {
    server.batch.scripts.push({ outcome: 'failed' });
    const failing = batchClassifier().label(texts);
    await expect(failing).rejects.toThrow(/batch batch_\d+ failed: line 1: fake validation failure/);
    expect(await readdir(stateDir)).toEqual([]);
  });

  it('splits a large input into several batches', async () => {
    const answers = await batchClassifier({ maxItemsPerBatch: 2 }).label(texts);
    expect(server.batch.batches.map((batch) => batch.requests.length)).toEqual([2, 2, 1]);
    expect(answers).toEqual(await provider().classifier({ model: 'gpt-test', policy }).label(texts));
  });

  it('stops at an abort while waiting, leaving the batch recorded', async () => {
    const stop = new AbortController();
    const waiting = batchClassifier(
      {},
      {
        sleep: async (_ms, signal) => {
          stop.abort();
          if (signal?.aborted) throw new Error('woken');
        },
      },
    ).label(texts, { signal: stop.signal });
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
    expect((await readdir(stateDir)).filter((name) => name.startsWith('batch-'))).toHaveLength(1);
  });

  it('names the file and line of an output file that does not parse', async () => {
    server.faults.push({ path: '/content', type: 'raw', body: 'not json' });
    const failing = batchClassifier().label(texts);
    await expect(failing).rejects.toMatchObject({ code: 'invalid-data' });
    await expect(failing).rejects.toThrow(/openai file file-out-\d+:1: not JSON/);
  });

  it('names the state file and field of a record that does not parse', async () => {
    await writeFile(join(stateDir, `batch-${'0'.repeat(64)}.json`), JSON.stringify({ format: 1 }));
    const failing = batchClassifier().label(texts);
    await expect(failing).rejects.toMatchObject({ code: 'invalid-data' });
    await expect(failing).rejects.toThrow(/batch-0+\.json:1: inputHash/);
  });
});
