/**
 * What the batch path costs on our side (vitest bench): 10,000 texts labelled against the in-process fake
 * provider, through OpenAI's Batch API and Gemini's batch mode (one upload, one create, polls, one download)
 * and, for comparison, item by item (10,000 requests, 4 in flight). The provider's own turnaround (minutes to
 * the 24 h window) is not in these figures: the fake ends a batch after one poll, and polls do not wait.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createGemini } from '../src/hosted/gemini';
import { createOpenAICompatible } from '../src/hosted/openai-compatible';
import { type FakeProviderServer, startFakeProviderServer } from '../src/testing/fake-provider-server';
import { tempDir } from '../test/temp-dir';

const COUNT = 10_000;
const texts = Array.from({ length: COUNT }, (_, index) =>
  index % 7 === 0 ? `Win a free prize number ${index}` : `Council report ${index} on the budget and roads`,
);
const policy = { description: 'Ads that promise something for free.' };
let server: FakeProviderServer;
const root = tempDir('borderline-batch-bench-');
let runs = 0;

beforeAll(async () => {
  server = await startFakeProviderServer();
});
afterAll(async () => {
  await server.close();
});

const noWait = async () => {};
const batch = () => ({ stateDir: join(root.dir, String(runs++)), pollInterval: 0 });
const openai = () =>
  createOpenAICompatible({ baseURL: `${server.url}/v1`, apiKey: 'sk-bench-0123456789', sleep: noWait });
const gemini = () => createGemini({ baseURL: server.url, apiKey: 'gemini-bench-0123456789', sleep: noWait });
const options = { iterations: 3, time: 0, warmupIterations: 0 };

describe(`label ${COUNT} texts against the fake provider`, () => {
  bench(
    'openai, Batch API',
    async () => {
      await openai().classifier({ model: 'gpt-test', policy, batch: batch() }).classify(texts);
    },
    options,
  );
  bench(
    'openai, item by item',
    async () => {
      await openai().classifier({ model: 'gpt-test', policy }).classify(texts);
    },
    options,
  );
  bench(
    'gemini, batch mode',
    async () => {
      await gemini().classifier({ model: 'gemini-test', policy, batch: batch() }).classify(texts);
    },
    options,
  );
  bench(
    'gemini, item by item',
    async () => {
      await gemini().classifier({ model: 'gemini-test', policy }).classify(texts);
    },
    options,
  );
});
