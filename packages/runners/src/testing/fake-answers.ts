import { hash32 } from '@borderline/core';
import geminiBatchOperation from './__fixtures__/gemini-batch-operation.json' with { type: 'json' };
import geminiGenerateContent from './__fixtures__/gemini-generate-content.json' with { type: 'json' };
import openAIBatch from './__fixtures__/openai-batch.json' with { type: 'json' };
import openAIChatCompletion from './__fixtures__/openai-chat-completion.json' with { type: 'json' };
import openAIEmbeddingList from './__fixtures__/openai-embeddings.json' with { type: 'json' };
import openAIFile from './__fixtures__/openai-file.json' with { type: 'json' };
import openAIFineTuningJob from './__fixtures__/openai-fine-tuning-job.json' with { type: 'json' };

// biome-ignore lint/suspicious/noExplicitAny: wire payloads are free-form JSON in this test helper.
export type Wire = any;

/**
 * The fake provider's answers, shared by its item-by-item routes and its batch routes, so a batch answer is the
 * single-call answer for the same request body. Its "model" labels a text positive when it contains "free" or "!!"
 * (case-insensitive); its vectors are a hash of the text.
 */

// The recorded payload shapes are bundled with the helper (JSON modules), so it works from the built
// `@borderline/runners/testing` too. Each response starts from a fresh copy.
const payloads = {
  'gemini-batch-operation.json': geminiBatchOperation,
  'gemini-generate-content.json': geminiGenerateContent,
  'openai-batch.json': openAIBatch,
  'openai-chat-completion.json': openAIChatCompletion,
  'openai-embeddings.json': openAIEmbeddingList,
  'openai-file.json': openAIFile,
  'openai-fine-tuning-job.json': openAIFineTuningJob,
};

/** A fresh copy of a recorded payload shape. */
export const fixture = (name: keyof typeof payloads): Record<string, unknown> =>
  structuredClone(payloads[name]) as Record<string, unknown>;

/** The fake model's rule. */
export function fakeLabel(text: string): 0 | 1 {
  return /free|!!/i.test(text) ? 1 : 0;
}

/** The fake model's vector for a text. */
export function fakeVector(text: string, dimensions: number): number[] {
  return Array.from({ length: dimensions }, (_, index) => (hash32(text, index) / 4294967296) * 2 - 1);
}

/** A chat completion for a request body (the wire `POST /chat/completions` body). */
export function openAIChat(body: Record<string, Wire>, contentOverride?: string): unknown {
  const template = fixture('openai-chat-completion.json') as Wire;
  const labels: string[] = body.response_format?.json_schema?.schema?.properties?.label?.enum ?? [
    'negative',
    'positive',
  ];
  const text: string = body.messages.at(-1).content;
  const chosen = fakeLabel(text);
  const choice = template.choices[0];
  choice.message.content = contentOverride ?? JSON.stringify({ label: labels[chosen] });
  if (body.logprobs === true && contentOverride === undefined) {
    const step = choice.logprobs.content[3];
    step.token = labels[chosen];
    step.top_logprobs = [
      { token: labels[chosen], logprob: Math.log(0.9), bytes: [] },
      { token: labels[1 - chosen], logprob: Math.log(0.1), bytes: [] },
    ];
    choice.logprobs.content[2].token = '":"';
  } else choice.logprobs = null;
  template.model = body.model;
  return template;
}

/** A `generateContent` answer for a request body (the wire `GenerateContentRequest`). */
export function geminiGenerate(body: Record<string, Wire>, contentOverride?: string): unknown {
  const template = fixture('gemini-generate-content.json') as Wire;
  const labels: string[] = body.generationConfig?.responseSchema?.enum ?? ['negative', 'positive'];
  const text: string = body.contents.at(-1).parts[0].text;
  const chosen = fakeLabel(text);
  const candidate = template.candidates[0];
  candidate.content.parts[0].text = contentOverride ?? labels[chosen];
  if (body.generationConfig?.responseLogprobs === true && contentOverride === undefined) {
    candidate.logprobsResult.chosenCandidates[0].token = labels[chosen];
    candidate.logprobsResult.topCandidates[0].candidates = [
      { token: labels[chosen], logProbability: Math.log(0.9) },
      { token: labels[1 - chosen], logProbability: Math.log(0.1) },
    ];
  } else delete candidate.logprobsResult;
  return template;
}
