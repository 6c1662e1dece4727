import { type Embedder, type Example, hash32 } from '@borderline/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGemini } from './gemini/index';
import { createZeroShotClassifier } from './local/zero-shot-classifier';
import { createOpenAICompatible } from './openai/index';
import { type FakeProviderServer, startFakeProviderServer } from './testing/fake-provider-server';

// What `adapt` starts from, per implementation, as the `Classifier` contract's JSDoc states it (the local
// classifiers: `local-classifier.test.ts`, "trains from the base"). If one of these changes, change the note too.

const first: readonly Example[] = [
  { text: 'Win a FREE cruise now!!', label: 1 },
  { text: 'Council approves the new library budget', label: 0 },
];
const second: readonly Example[] = [
  { text: 'Claim your free gift card', label: 1 },
  { text: 'Rail strike ends after talks', label: 0 },
];
const policy = { description: 'Ads that promise something for free.', labels: ['ok', 'violating'] as const };

let server: FakeProviderServer;
beforeEach(async () => {
  server = await startFakeProviderServer();
});
afterEach(() => server.close());

/** The prompt of the last request to `path`, without the text being labelled (the last turn). */
function lastPrompt(path: string): unknown {
  const request = server.requests.filter((entry) => entry.path.endsWith(path)).at(-1)!;
  const body = JSON.parse(request.body) as { messages?: unknown[]; contents?: unknown[] };
  return (body.messages ?? body.contents)!.slice(0, -1);
}

describe('adapt starts from the base: a new prompt holding exactly the examples given', () => {
  it('OpenAI-compatible (few-shot)', async () => {
    const base = createOpenAICompatible({ baseURL: `${server.url}/v1`, apiKey: 'k' }).classifier({
      model: 'gpt-test',
      policy,
      logprobs: false,
      examples: first,
    });
    await (await (await base.adapt(first)).adapt(second)).classify(['a text']);
    const fromCurrent = lastPrompt('/chat/completions');
    await (await base.adapt(second)).classify(['another text']);
    expect(fromCurrent).toEqual(lastPrompt('/chat/completions'));
    expect(JSON.stringify(fromCurrent)).toContain('gift card');
    expect(JSON.stringify(fromCurrent)).not.toContain('cruise');
  });

  it('Gemini', async () => {
    const base = createGemini({ baseURL: server.url, apiKey: 'k' }).classifier({
      model: 'gemini-test',
      policy,
      logprobs: false,
      examples: first,
    });
    await (await (await base.adapt(first)).adapt(second)).classify(['a text']);
    const fromCurrent = lastPrompt(':generateContent');
    await (await base.adapt(second)).classify(['another text']);
    expect(fromCurrent).toEqual(lastPrompt(':generateContent'));
    expect(JSON.stringify(fromCurrent)).toContain('gift card');
    expect(JSON.stringify(fromCurrent)).not.toContain('cruise');
  });
});

describe('adapt starts from the current version', () => {
  it('OpenAI-compatible (fine-tune): the next job tunes the model the last job produced', async () => {
    const base = createOpenAICompatible({ baseURL: `${server.url}/v1`, apiKey: 'k' }).classifier({
      model: 'gpt-test',
      policy,
      adapt: 'fine-tune',
      fineTune: { pollInterval: 0 },
    });
    const tuned = await base.adapt(first);
    await tuned.adapt(second);
    const jobs = server.requests
      .filter((request) => request.method === 'POST' && request.path.endsWith('/fine_tuning/jobs'))
      .map((request) => (JSON.parse(request.body) as { model: string }).model);
    expect(jobs).toEqual(['gpt-test', tuned.modelId.replace(/^openai:/, '')]);
  });

  it('zero-shot: the examples join the current few-shot set', async () => {
    const embedder = hashEmbedder();
    const texts = ['Free tickets for everyone', 'The museum reopens on Monday', 'Prices rise again'];
    const base = createZeroShotClassifier({ policy: policy.description, embedder });
    const chained = await (await (await base.adapt(first)).adapt(second)).classify(texts);
    expect(chained).toEqual(await (await base.adapt([...first, ...second])).classify(texts));
    expect(chained).not.toEqual(await (await base.adapt(second)).classify(texts));
  });
});

/** Deterministic 16-d vectors from hashes of the words: enough for cosines to differ between texts. */
function hashEmbedder(): Embedder {
  const dimensions = 16;
  return {
    specificationVersion: 'v1',
    provider: 'test',
    modelId: 'test-hash-16',
    dimensions,
    embed: async (texts) => {
      const out = new Float32Array(texts.length * dimensions);
      texts.forEach((text, row) => {
        for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) {
          const hash = hash32(word);
          out[row * dimensions + (hash % dimensions)]! += hash & 0x10000 ? 1 : -1;
        }
      });
      return out;
    },
  };
}
