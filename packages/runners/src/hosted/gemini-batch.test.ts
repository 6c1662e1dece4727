import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import { type FakeProviderServer, startFakeProviderServer } from '../testing/fake-provider-server';
import type { BatchOptions, BatchProgress } from './batch-protocol';
import { createGemini } from './gemini';
import type { GeminiSettings } from './gemini-client';

const policy = {
  description: 'Headlines that withhold the point to get a click.',
  labels: ['news', 'clickbait'] as const,
};
const texts = ['FREE!!', 'Rates rise', 'You will not believe this!!', 'Budget passes', 'free money'];
const key = 'AIzaTEST-batch-key-0123456789';
let server: FakeProviderServer;
let stateDir: string;

beforeEach(async () => {
  server = await startFakeProviderServer();
  stateDir = tempDir('borderline-gemini-batch-').dir;
});
afterEach(async () => {
  await server.close();
});

function gemini(settings: GeminiSettings = {}) {
  return createGemini({ baseURL: server.url, apiKey: key, sleep: async () => {}, ...settings });
}

const single = () => gemini().classifier({ model: 'gemini-test', policy }).label(texts);
const batched = (batch: Partial<BatchOptions> = {}) =>
  gemini().classifier({ model: 'gemini-test', policy, batch: { stateDir, pollInterval: 5, ...batch } });
const calls = (suffix: string) => server.requests.filter((request) => request.path.endsWith(suffix));

describe('gemini batch path', () => {
  it('answers exactly as generateContent does, each inline request the wire body generateContent sends', async () => {
    const reference = await single();
    const generateBodies = calls(':generateContent').map((request) => JSON.parse(request.body));
    const progress: BatchProgress[] = [];
    const answers = await batched({ onProgress: (event) => progress.push(event) }).label(texts);
    expect(answers).toEqual(reference);
    expect(calls(':generateContent')).toHaveLength(texts.length);
    const create = calls(':batchGenerateContent');
    expect(create).toHaveLength(1);
    expect(create[0]!.path).toBe('/v1beta/models/gemini-test:batchGenerateContent');
    expect(create[0]!.headers['x-goog-api-key']).toBe(key);
    const body = JSON.parse(create[0]!.body);
    expect(body.batch.displayName).toMatch(/^borderline-[0-9a-f]{16}$/);
    const requests = body.batch.inputConfig.requests.requests;
    expect(requests.map((entry: { metadata: { key: string } }) => entry.metadata.key)).toEqual(
      texts.map((_, index) => `item-${index}`),
    );
    requests.forEach((entry: { request: unknown }, index: number) => {
      expect(entry.request).toEqual(generateBodies[index]);
    });
    const polls = server.requests.filter((request) => request.path.startsWith('/v1beta/batches/'));
    expect(polls[0]!.headers['x-goog-api-key']).toBe(key);
    expect(progress.map((event) => `${event.event}:${event.status}`)).toEqual([
      'submitted:created',
      'polled:BATCH_STATE_RUNNING',
      'polled:BATCH_STATE_SUCCEEDED',
      'finished:BATCH_STATE_SUCCEEDED',
    ]);
    expect(progress.at(-1)).toMatchObject({ total: 5, completed: 5, failed: 0 });
  });

  it('sends a JSONL file of the wire requests through the resumable upload when asked, and reads the responses file', async () => {
    const reference = await single();
    const generateBodies = calls(':generateContent').map((request) => JSON.parse(request.body));
    expect(await batched({ input: 'file' }).label(texts)).toEqual(reference);
    const [start, finish] = server.requests.filter((request) =>
      request.path.startsWith('/upload/v1beta/files'),
    );
    expect(start!.headers).toMatchObject({
      'x-goog-upload-protocol': 'resumable',
      'x-goog-upload-command': 'start',
      'x-goog-upload-header-content-type': 'application/jsonl',
      'x-goog-upload-header-content-length': String(Buffer.byteLength(finish!.body)),
      'x-goog-api-key': key,
    });
    expect(finish!.headers).toMatchObject({
      'x-goog-upload-command': 'upload, finalize',
      'x-goog-upload-offset': '0',
    });
    const lines = finish!.body
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.key)).toEqual(texts.map((_, index) => `item-${index}`));
    lines.forEach((line, index) => {
      expect(line.request).toEqual(generateBodies[index]);
    });
    const create = JSON.parse(calls(':batchGenerateContent')[0]!.body);
    expect(create.batch.inputConfig).toEqual({
      fileName: server.batch.batches[0]!.create.batch.inputConfig.fileName,
    });
    expect(create.batch.inputConfig.fileName).toMatch(/^files\/fake-in-\d+$/);
    expect(server.requests.some((request) => request.path.startsWith('/download/v1beta/files/'))).toBe(true);
  });

  it('creates the batch from the uploaded file after a stop between upload and create', async () => {
    server.faults.push({ path: ':batchGenerateContent', type: 'status', status: 400 });
    await expect(batched({ input: 'file' }).label(texts)).rejects.toMatchObject({ code: 'runner' });
    expect(await batched({ input: 'file' }).label(texts)).toEqual(await single());
    const uploads = server.requests.filter((request) => request.path === '/upload/v1beta/files');
    expect(uploads).toHaveLength(1);
    expect(calls(':batchGenerateContent')).toHaveLength(2);
  });

  it('reads the answers from a responses file', async () => {
    server.batch.scripts.push({ responsesFile: true });
    expect(await batched().label(texts)).toEqual(await single());
    expect(server.requests.some((request) => request.path.startsWith('/download/v1beta/files/'))).toBe(true);
  });

  it('resumes the recorded batch after a restart', async () => {
    server.batch.scripts.push({ runningPolls: 2 });
    const stop = new AbortController();
    const first = batched({ onProgress: (event) => event.event === 'polled' && stop.abort() });
    await expect(first.label(texts, { signal: stop.signal })).rejects.toMatchObject({ code: 'aborted' });
    expect(await batched().label(texts)).toEqual(await single());
    expect(calls(':batchGenerateContent')).toHaveLength(1);
  });

  it('retries inline errors item by item, or reports them by key', async () => {
    server.batch.scripts.push({ errorItems: [2] });
    const failing = batched({ itemFailures: 'error' }).label(texts);
    await expect(failing).rejects.toThrow(/custom_id item-2: INTERNAL: fake item failure/);
    // A restart reads the four answers from the recorded batch and sends only the failed item again, which
    // fails again and is then asked item by item.
    server.batch.scripts.push({ errorItems: [0] });
    const answers = await batched().label(texts);
    expect(server.batch.batches.map((batch) => batch.requests.length)).toEqual([5, 1]);
    expect(answers).toEqual(await single());
    const generated = calls(':generateContent').map(
      (request) => JSON.parse(request.body).contents.at(-1).parts[0].text,
    );
    expect(generated[0]).toBe(texts[2]);
  });

  it('resubmits an expired batch, and gives up with the reason after maxResubmits', async () => {
    server.batch.scripts.push({ outcome: 'expired' });
    expect(await batched().label(texts)).toEqual(await single());
    expect(calls(':batchGenerateContent')).toHaveLength(2);
    server.batch.scripts.push({ outcome: 'expired' }, { outcome: 'cancelled' });
    const failing = batched({ maxResubmits: 1, itemFailures: 'error' }).label(['new text']);
    await expect(failing).rejects.toThrow(/unanswered after 2 expired or cancelled batches/);
  });

  it('fails with the operation error when the batch fails', async () => {
    server.batch.scripts.push({ outcome: 'failed' });
    await expect(batched().label(texts)).rejects.toThrow(
      /batch batches\/fake-\d+ failed: fake batch failure/,
    );
  });
});
