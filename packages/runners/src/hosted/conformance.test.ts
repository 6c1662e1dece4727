import { afterAll, beforeAll } from 'vitest';
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
beforeAll(async () => {
  server = await startFakeProviderServer({ dimensions: 12 });
});
afterAll(() => server.close());

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
describeEmbedderConformance('gemini', () => gemini().embedder({ model: 'embed-test', dimensions: 12 }));
describeAnnotatorConformance('gemini', () =>
  gemini().annotator({ model: 'gemini-test', policy, role: 'crowd' }),
);
