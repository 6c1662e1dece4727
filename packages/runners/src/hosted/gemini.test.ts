import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type FakeProviderServer,
  fakeVector,
  startFakeProviderServer,
} from '../testing/fake-provider-server';
import { createGemini } from './gemini';
import type { GeminiSettings } from './gemini-client';
import type { HostedWarning } from './retry';

const policy = {
  description: 'Headlines that withhold the point to get a click.',
  labels: ['news', 'clickbait'] as const,
};
const key = 'AIzaTEST-secret-key-0123456789';
let server: FakeProviderServer;
let delays: number[];
let warnings: HostedWarning[];

beforeEach(async () => {
  server = await startFakeProviderServer();
  delays = [];
  warnings = [];
});
afterEach(() => server.close());

function gemini(settings: GeminiSettings = {}) {
  return createGemini({
    baseURL: server.url,
    apiKey: key,
    sleep: async (ms) => {
      delays.push(ms);
    },
    onWarning: (warning) => warnings.push(warning),
    ...settings,
  });
}

const generateCalls = () => server.requests.filter((request) => request.path.endsWith(':generateContent'));

describe('gemini classifier', () => {
  it('asks for an enum answer with logprobs and turns them into P(positive)', async () => {
    const scores = await gemini()
      .classifier({ model: 'gemini-test', policy })
      .classify(['FREE!!', 'Rates rise']);
    expect(scores[0]).toBeCloseTo(0.9, 6);
    expect(scores[1]).toBeCloseTo(0.1, 6);
    const call = generateCalls()[0]!;
    expect(call.path).toBe('/v1beta/models/gemini-test:generateContent');
    const body = JSON.parse(call.body);
    expect(body.generationConfig).toMatchObject({
      responseMimeType: 'text/x.enum',
      responseSchema: { type: 'STRING', enum: ['news', 'clickbait'] },
      responseLogprobs: true,
    });
    expect(body.systemInstruction.parts[0].text).toContain(policy.description);
    expect(call.headers['x-goog-api-key']).toBe(key);
  });

  it('adapts in context: the examples become model turns, the old version is unchanged', async () => {
    const base = gemini().classifier({ model: 'gemini-test', policy, logprobs: false });
    const next = await base.adapt([{ text: 'You will not believe this', label: 1 }]);
    expect([base.version, next.version]).toEqual([0, 1]);
    expect(Array.from(await next.classify(['free']))).toEqual([1]);
    const contents = JSON.parse(generateCalls()[0]!.body).contents;
    expect(contents[1]).toEqual({ role: 'model', parts: [{ text: 'clickbait' }] });
  });

  it('honours Retry-After on a 429 (read through the injected fetch) and then succeeds', async () => {
    server.faults.push({
      type: 'status',
      status: 429,
      headers: { 'retry-after': '3' },
      body: '{"error":{"code":429}}',
    });
    const scores = await gemini()
      .classifier({ model: 'gemini-test', policy, logprobs: false })
      .classify(['x']);
    expect(Array.from(scores)).toEqual([0]);
    expect(delays[0]).toBeGreaterThanOrEqual(3000);
  });

  it('ends a 500 storm with a retryable runner error', async () => {
    for (let index = 0; index < 5; index++) server.faults.push({ type: 'status', status: 500 });
    const classifier = gemini({ maxRetries: 2 }).classifier({ model: 'gemini-test', policy });
    await expect(classifier.classify(['x'])).rejects.toMatchObject({ code: 'runner', retryable: true });
    expect(generateCalls()).toHaveLength(3);
  });

  it('times out a hung request', async () => {
    server.faults.push({ type: 'hang' }, { type: 'hang' });
    const classifier = gemini({ timeout: 50, maxRetries: 1 }).classifier({ model: 'gemini-test', policy });
    await expect(classifier.classify(['x'])).rejects.toMatchObject({ code: 'runner', retryable: true });
  });

  it('reports an answer outside the enum twice as unavailable, never coerced', async () => {
    server.faults.push({ type: 'content', content: 'Clickbait.' }, { type: 'raw', body: '{"candidates":' });
    const annotator = gemini().annotator({ model: 'gemini-test', policy });
    const [annotation] = await annotator.annotate([{ id: 'h1', text: 'free' }]);
    expect(annotation).toMatchObject({ status: 'unavailable', item: 'h1' });
    expect(warnings.map((warning) => warning.type)).toContain('malformed-answer');
  });

  it('labels items as a model annotator', async () => {
    const annotator = gemini().annotator({ model: 'gemini-test', policy, id: 'gemini-judge' });
    expect(await annotator.annotate([{ id: 'h1', text: 'free!!' }])).toEqual([
      {
        status: 'labelled',
        item: 'h1',
        labels: [{ item: 'h1', annotator: 'gemini-judge', role: 'model', label: 'clickbait' }],
      },
    ]);
  });

  it('stops when the signal fires mid-batch', async () => {
    for (let index = 0; index < 6; index++) server.faults.push({ type: 'hang' });
    const controller = new AbortController();
    const pending = gemini({ concurrency: 1 })
      .classifier({ model: 'gemini-test', policy })
      .classify(['a', 'b', 'c'], { signal: controller.signal });
    await vi.waitFor(() => expect(generateCalls()).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('gemini keys and settings', () => {
  it('never shows the key in an error, even when the server echoes it', async () => {
    server.faults.push({
      type: 'status',
      status: 403,
      body: `{"error":{"code":403,"message":"API key ${key} not valid"}}`,
    });
    const error = await gemini()
      .classifier({ model: 'gemini-test', policy })
      .classify(['x'])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'runner', retryable: false });
    expect(inspect(error, { depth: 8 })).not.toContain(key);
  });

  it('reads GEMINI_API_KEY and requires a key', () => {
    vi.stubEnv('GEMINI_API_KEY', '');
    expect(() => createGemini({ baseURL: server.url })).toThrow(/GEMINI_API_KEY/);
    vi.stubEnv('GEMINI_API_KEY', 'from-environment-key');
    expect(() => createGemini({ baseURL: server.url })).not.toThrow();
    vi.unstubAllEnvs();
  });
});

describe('gemini fetch', () => {
  it('sends every request through the injected fetch', async () => {
    const seen: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      seen.push(String(input));
      return globalThis.fetch(input, init);
    };
    await gemini({ fetch }).classifier({ model: 'gemini-test', policy }).classify(['a', 'b']);
    await gemini({ fetch }).embedder({ model: 'embed-test', dimensions: 8 }).embed(['a']);
    expect(seen).toHaveLength(3);
    expect(seen.every((url) => url.startsWith(server.url))).toBe(true);
  });
});

describe('gemini embedder', () => {
  it('embeds several texts per batchEmbedContents call, cached', async () => {
    const embedder = gemini().embedder({
      model: 'embed-test',
      dimensions: 8,
      batchSize: 3,
      taskType: 'CLUSTERING',
    });
    const texts = ['a', 'b', 'c', 'd'];
    const matrix = await embedder.embed(texts);
    texts.forEach((text, row) => {
      expect(Array.from(matrix.subarray(row * 8, row * 8 + 8))).toEqual(
        Array.from(Float32Array.from(fakeVector(text, 8))),
      );
    });
    const calls = server.requests.filter((request) => request.path.endsWith(':batchEmbedContents'));
    expect(calls).toHaveLength(2);
    expect(JSON.parse(calls[0]!.body).requests[0]).toMatchObject({ taskType: 'CLUSTERING' });
    await embedder.embed(['d', 'a']);
    expect(server.requests.filter((request) => request.path.endsWith(':batchEmbedContents'))).toHaveLength(2);
  });
});
