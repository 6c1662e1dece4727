import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import {
  describeAnnotatorConformance,
  describeClassifierConformance,
  describeEmbedderConformance,
} from '../testing/conformance';
import { type FakeProviderServer, startFakeProviderServer } from '../testing/fake-provider-server';
import { createGemini } from './gemini';
import { createOpenAICompatible } from './openai-compatible';

// The shared contract suites, run against both hosted adapters talking to the in-process fake provider.
let server: FakeProviderServer;
const stateRoot = tempDir('borderline-conformance-batch-');
beforeAll(async () => {
  server = await startFakeProviderServer({ dimensions: 12 });
});
afterAll(async () => {
  await server.close();
});
// Each classifier made for the batch suites gets its own state directory (and a fresh cache).
let made = 0;
const batch = () => ({ stateDir: join(stateRoot.dir, String(made++)), pollInterval: 0 });

const policy = {
  description: 'Headlines that withhold the point to get a click.',
  labels: ['news', 'clickbait'] as const,
};
const openai = () => createOpenAICompatible({ baseURL: `${server.url}/v1`, apiKey: 'sk-conformance-key' });
const gemini = () => createGemini({ baseURL: server.url, apiKey: 'gemini-conformance-key' });

describeClassifierConformance('openai-compatible', () => openai().classifier({ model: 'gpt-test', policy }));
describeEmbedderConformance('openai-compatible', () =>
  openai().embedder({ model: 'embed-test', dimensions: 12 }),
);
describeAnnotatorConformance('openai-compatible', () => openai().annotator({ model: 'gpt-test', policy }));
describeClassifierConformance('gemini', () => gemini().classifier({ model: 'gemini-test', policy }));
describeClassifierConformance('openai-compatible through the Batch API', () =>
  openai().classifier({ model: 'gpt-test', policy, batch: batch() }),
);
describeClassifierConformance('gemini through batch mode', () =>
  gemini().classifier({ model: 'gemini-test', policy, batch: batch() }),
);
describeEmbedderConformance('gemini', () => gemini().embedder({ model: 'embed-test', dimensions: 12 }));
describeAnnotatorConformance('gemini', () =>
  gemini().annotator({ model: 'gemini-test', policy, role: 'crowd' }),
);
