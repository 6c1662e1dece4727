import { inspect } from 'node:util';
import { BorderlineError } from '@borderline/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type FakeProviderServer,
  fakeVector,
  startFakeProviderServer,
} from '../testing/fake-provider-server';
import type { OpenAICompatibleSettings } from './openai-client';
import { createOpenAICompatible } from './openai-compatible';
import type { ResponseStore } from './response-cache';
import type { HostedWarning } from './retry';

const policy = { description: 'Ads that promise something for free.', labels: ['ok', 'violating'] as const };
const key = 'sk-test-SECRET-0123456789abcdef';
let server: FakeProviderServer;
let delays: number[];
let warnings: HostedWarning[];

beforeEach(async () => {
  server = await startFakeProviderServer();
  delays = [];
  warnings = [];
});
afterEach(() => server.close());

function provider(settings: OpenAICompatibleSettings = {}) {
  return createOpenAICompatible({
    baseURL: `${server.url}/v1`,
    apiKey: key,
    sleep: async (ms) => {
      delays.push(ms);
    },
    onWarning: (warning) => warnings.push(warning),
    ...settings,
  });
}

const chatRequests = () => server.requests.filter((request) => request.path.endsWith('/chat/completions'));

describe('openai-compatible classifier', () => {
  it('asks for a JSON-schema enum label with logprobs and turns them into P(positive)', async () => {
    const classifier = provider().classifier({ model: 'gpt-test', policy });
    const scores = await classifier.classify(['Get it FREE today', 'Quarterly report']);
    const high = 0.9 / (0.9 + 0.1); // the fixture's logprobs are ln 0.9 and ln 0.1
    expect(scores[0]).toBeCloseTo(high, 4);
    expect(scores[1]).toBeCloseTo(1 - high, 4);
    const body = JSON.parse(chatRequests()[0]!.body);
    expect(body.response_format.json_schema.schema.properties.label.enum).toEqual(['ok', 'violating']);
    expect(body.logprobs).toBe(true);
    expect(body.messages[0].content).toContain(policy.description);
    expect(chatRequests()[0]!.headers.authorization).toBe(`Bearer ${key}`);
  });

  it('gives 0 or 1 from the label when logprobs are off', async () => {
    const classifier = provider().classifier({ model: 'gpt-test', policy, logprobs: false });
    expect(Array.from(await classifier.classify(['free stuff', 'plain']))).toEqual([1, 0]);
  });

  it('puts balanced few-shot examples in the prompt and adapts to a new prompt, leaving the old one unchanged', async () => {
    const base = provider().classifier({ model: 'gpt-test', policy, logprobs: false });
    const examples = [
      { text: 'win a free car', label: 1 as const },
      { text: 'meeting notes', label: 0 as const },
    ];
    const next = await base.adapt(examples);
    expect(next.version).toBe(1);
    expect(base.version).toBe(0);
    await next.classify(['hello']);
    await base.classify(['hello']);
    const [adapted, original] = chatRequests().map((request) => JSON.parse(request.body).messages);
    expect(adapted).toHaveLength(6);
    expect(adapted[2]).toEqual({ role: 'assistant', content: '{"label":"violating"}' });
    expect(original).toHaveLength(2);
  });

  it('pays for no text twice: duplicates in a call, repeated calls, and a persistent store across instances', async () => {
    const stored = new Map<string, string>();
    const store: ResponseStore = { get: (k) => stored.get(k), set: (k, v) => void stored.set(k, v) };
    const classifier = provider({ store }).classifier({ model: 'gpt-test', policy });
    const first = await classifier.classify(['a', 'b', 'a']);
    expect(chatRequests()).toHaveLength(2);
    const again = await classifier.classify(['b', 'a']);
    expect(chatRequests()).toHaveLength(2);
    expect(Array.from(again)).toEqual([first[1], first[0]]);
    const fresh = provider({ store }).classifier({ model: 'gpt-test', policy });
    await fresh.classify(['a', 'b']);
    expect(chatRequests()).toHaveLength(2);
    await provider({ store }).classifier({ model: 'other-model', policy }).classify(['a']);
    expect(chatRequests()).toHaveLength(3);
  });

  it('honours Retry-After on a 429 and then succeeds', async () => {
    server.faults.push({ type: 'status', status: 429, headers: { 'retry-after': '7' } });
    const classifier = provider({ maxRetries: 2 }).classifier({ model: 'gpt-test', policy, logprobs: false });
    expect(Array.from(await classifier.classify(['free']))).toEqual([1]);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(7000);
    expect(warnings[0]).toMatchObject({ type: 'retry', attempt: 1 });
  });

  it('backs off with seeded full jitter, the same for the same seed', async () => {
    const run = async () => {
      delays = [];
      for (let index = 0; index < 3; index++) server.faults.push({ type: 'status', status: 503 });
      const settings = { maxRetries: 3, retryDelay: 100, seed: 9 };
      await provider(settings)
        .classifier({ model: 'gpt-test', policy })
        .classify([`t${server.requests.length}`]);
      return delays;
    };
    const first = await run();
    const second = await run();
    expect(first).toEqual(second);
    first.forEach((delay, attempt) => {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(100 * 2 ** attempt);
    });
  });

  it('ends a 500 storm with a retryable runner error once the budget is spent', async () => {
    for (let index = 0; index < 10; index++) server.faults.push({ type: 'status', status: 500 });
    const classifier = provider({ maxRetries: 3 }).classifier({ model: 'gpt-test', policy });
    const error = await classifier.classify(['x']).catch((caught: unknown) => caught);
    expect(BorderlineError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: 'runner', retryable: true });
    expect((error as Error).message).toMatch(/HTTP 500.*after 4 attempts/);
    expect(chatRequests()).toHaveLength(4);
  });

  it('does not retry a 400 and reports it as not retryable', async () => {
    server.faults.push({ type: 'status', status: 400, body: '{"error":{"message":"bad model"}}' });
    const error = await provider()
      .classifier({ model: 'gpt-test', policy })
      .classify(['x'])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'runner', retryable: false });
    expect(chatRequests()).toHaveLength(1);
  });

  it('times out a hung request, retries, and reports a retryable error', async () => {
    server.faults.push({ type: 'hang' }, { type: 'hang' });
    const classifier = provider({ timeout: 50, maxRetries: 1 }).classifier({ model: 'gpt-test', policy });
    const error = await classifier.classify(['x']).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'runner', retryable: true });
    expect((error as Error).message).toContain(`no answer from ${server.url}/v1 within 50 ms`);
  });

  it('retries a malformed answer once, then reports the item unavailable with a warning', async () => {
    server.faults.push(
      { type: 'content', content: '{"label":"maybe"}' },
      { type: 'raw', body: '{"choices": [' },
    );
    const annotator = provider().annotator({ model: 'gpt-test', policy, id: 'llm-0' });
    const [annotation] = await annotator.annotate([{ id: 'i1', text: 'free' }]);
    expect(annotation).toMatchObject({ status: 'unavailable', item: 'i1' });
    expect(warnings.some((warning) => warning.type === 'malformed-answer')).toBe(true);
    const classifier = provider().classifier({ model: 'gpt-test', policy });
    server.faults.push(
      { type: 'content', content: 'not json' },
      { type: 'content', content: '{"label":null}' },
    );
    expect(Number.isNaN((await classifier.classify(['free']))[0])).toBe(true);
  });

  it('accepts an answer after one malformed one', async () => {
    server.faults.push({ type: 'content', content: 'oops' });
    const annotator = provider().annotator({ model: 'gpt-test', policy, role: 'crowd' });
    const [annotation] = await annotator.annotate([{ id: 'i1', text: 'free' }]);
    expect(annotation).toEqual({
      status: 'labelled',
      item: 'i1',
      labels: [{ item: 'i1', annotator: 'openai:gpt-test', role: 'crowd', label: 'violating' }],
    });
  });

  it('stops a batch when the signal fires mid-way', async () => {
    for (let index = 0; index < 8; index++) server.faults.push({ type: 'hang' });
    const controller = new AbortController();
    const classifier = provider({ concurrency: 2 }).classifier({ model: 'gpt-test', policy });
    const pending = classifier.classify(['a', 'b', 'c', 'd', 'e'], { signal: controller.signal });
    await vi.waitFor(() => expect(chatRequests().length).toBeGreaterThanOrEqual(2));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    expect(chatRequests().length).toBe(2);
  });

  it('keeps at most `concurrency` requests in flight through an injected fetch', async () => {
    let inFlight = 0;
    let most = 0;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        return await globalThis.fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const texts = Array.from({ length: 12 }, (_, index) => `text ${index}`);
    await provider({ concurrency: 3, fetch }).classifier({ model: 'gpt-test', policy }).classify(texts);
    expect(most).toBe(3);
  });
});

describe('openai-compatible keys', () => {
  it('never shows the key in errors or warnings, even when the server echoes it', async () => {
    const printed = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => {}),
    );
    const echo = `{"error":{"message":"Incorrect API key provided: ${key}"}}`;
    server.faults.push(
      { type: 'status', status: 503, body: echo },
      { type: 'status', status: 401, body: echo },
    );
    const error = await provider()
      .classifier({ model: 'gpt-test', policy })
      .classify(['x'])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'runner', retryable: false });
    expect(inspect(error, { depth: 8 })).not.toContain(key);
    expect(JSON.stringify(error)).not.toContain(key);
    expect(JSON.stringify(warnings)).not.toContain(key);
    expect((error as Error).message).toContain('[redacted]');
    // Libraries never print: neither we nor the SDK wrote anything (so nothing could leak there either).
    for (const spy of printed) expect(spy).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  it('reads OPENAI_API_KEY and requires a key for OpenAI itself', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-environment-123456');
    await createOpenAICompatible({ baseURL: `${server.url}/v1` })
      .classifier({ model: 'm', policy })
      .classify(['x']);
    expect(chatRequests()[0]!.headers.authorization).toBe('Bearer sk-from-environment-123456');
    vi.stubEnv('OPENAI_API_KEY', '');
    expect(() => createOpenAICompatible()).toThrow(/OPENAI_API_KEY/);
    vi.unstubAllEnvs();
  });

  it('validates settings at the seam and names the field', () => {
    expect(() => createOpenAICompatible({ baseURL: 'not a url', apiKey: key })).toThrow(/baseURL/);
    expect(() => createOpenAICompatible({ concurrency: 0, apiKey: key })).toThrow(/concurrency/);
    expect(() => provider().classifier({ model: '', policy })).toThrow(/model/);
  });
});

describe('openai-compatible fine-tuning', () => {
  it('uploads JSONL, creates a job, reports its id, polls, and returns the tuned model', async () => {
    const progress: unknown[] = [];
    const base = provider().classifier({
      model: 'gpt-test',
      policy,
      adapt: 'fine-tune',
      fineTune: { pollInterval: 0 },
    });
    const tuned = await base.adapt([{ text: 'free!!', label: 1 }], {
      onProgress: (event) => progress.push(event),
    });
    expect(tuned.modelId).toBe('openai:ft:gpt-4.1-mini-2025-04-14:borderline::ftjob-abc123');
    expect(tuned.version).toBe(1);
    expect(progress[0]).toEqual({ type: 'job', jobId: 'ftjob-abc123', status: 'queued' });
    expect(progress.at(-1)).toEqual({ type: 'job', jobId: 'ftjob-abc123', status: 'succeeded' });
    const upload = server.requests.find((request) => request.path.endsWith('/files'))!;
    expect(upload.body).toContain('{"role":"assistant","content":"{\\"label\\":\\"violating\\"}"}');
    const created = JSON.parse(
      server.requests.find((request) => request.path.endsWith('/fine_tuning/jobs'))!.body,
    );
    expect(created).toMatchObject({ model: 'gpt-test', training_file: 'file-abc123' });
  });

  it('reports a failed job as a runner error naming it, without retrying it', async () => {
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const response = await globalThis.fetch(input, init);
      if (init?.method !== 'GET' || !String(input).includes('/fine_tuning/jobs/')) return response;
      const job = {
        ...((await response.json()) as Record<string, unknown>),
        status: 'failed',
        error: { message: 'invalid training file' },
      };
      return new Response(JSON.stringify(job), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
    const base = provider({ fetch }).classifier({ model: 'gpt-test', policy, adapt: 'fine-tune' });
    const error = (await base.adapt([{ text: 'x', label: 0 }]).catch((caught: unknown) => caught)) as Error;
    expect(error).toMatchObject({ code: 'runner', retryable: false });
    expect(error.message).toContain('ftjob-abc123 failed: invalid training file');
  });

  it('resumes a job by id', async () => {
    const base = provider().classifier({ model: 'gpt-test', policy, fineTune: { pollInterval: 0 } });
    const tuned = await base.resumeFineTune('ftjob-resumed');
    expect(tuned.modelId).toContain('ftjob-resumed');
    expect(server.requests.some((request) => request.path.endsWith('/files'))).toBe(false);
  });
});

describe('openai-compatible embedder', () => {
  it('embeds in batches with encoding_format float, rows in input order, cached', async () => {
    const embedder = provider().embedder({ model: 'embed-test', dimensions: 8, batchSize: 2 });
    const texts = ['one', 'two', 'three', 'four', 'five'];
    const matrix = await embedder.embed(texts);
    expect(matrix).toHaveLength(40);
    texts.forEach((text, row) => {
      expect(Array.from(matrix.subarray(row * 8, row * 8 + 8))).toEqual(
        Array.from(Float32Array.from(fakeVector(text, 8))),
      );
    });
    const calls = server.requests.filter((request) => request.path.endsWith('/embeddings'));
    expect(calls).toHaveLength(3);
    expect(JSON.parse(calls[0]!.body).encoding_format).toBe('float');
    await embedder.embed(['two', 'one']);
    expect(server.requests.filter((request) => request.path.endsWith('/embeddings'))).toHaveLength(3);
  });

  it('stops embedding when the signal fires mid-batch', async () => {
    for (let index = 0; index < 4; index++) server.faults.push({ type: 'hang' });
    const controller = new AbortController();
    const embedder = provider({ concurrency: 1 }).embedder({
      model: 'embed-test',
      dimensions: 8,
      batchSize: 1,
    });
    const pending = embedder.embed(['a', 'b', 'c'], { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    expect(server.requests).toHaveLength(1);
  });

  it('rejects vectors of the wrong length twice as a runner error', async () => {
    const embedder = provider().embedder({ model: 'embed-test', dimensions: 5 });
    await expect(embedder.embed(['x'])).rejects.toMatchObject({ code: 'runner', retryable: false });
  });
});
