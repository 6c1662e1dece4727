import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hash32 } from '@borderline/core';
import geminiGenerateContent from './__fixtures__/gemini-generate-content.json' with { type: 'json' };
import openAIChatCompletion from './__fixtures__/openai-chat-completion.json' with { type: 'json' };
import openAIEmbeddingList from './__fixtures__/openai-embeddings.json' with { type: 'json' };
import openAIFile from './__fixtures__/openai-file.json' with { type: 'json' };
import openAIFineTuningJob from './__fixtures__/openai-fine-tuning-job.json' with { type: 'json' };

// biome-ignore lint/suspicious/noExplicitAny: wire payloads are free-form JSON in this test helper.
type Wire = any;

/**
 * Test helper: an HTTP server on 127.0.0.1 (random port) that speaks OpenAI's and Gemini's wire formats, with
 * bodies built from the recorded shapes in `__fixtures__`. Its "model" labels a text positive when it contains
 * "free" or "!!" (case-insensitive), and its vectors are a hash of the text, so answers are deterministic.
 */

/** One programmed misbehaviour, consumed by the next request whose path contains `path` (Wire path when absent). */
export type Fault = { readonly path?: string } & (
  | {
      readonly type: 'status';
      readonly status: number;
      readonly headers?: Record<string, string>;
      readonly body?: string;
    }
  | { readonly type: 'hang' }
  | { readonly type: 'raw'; readonly body: string }
  | { readonly type: 'content'; readonly content: string }
);

/** A request as the server saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** A running fake provider. */
export interface FakeProviderServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly faults: Fault[];
  /** Vector length of the fake embeddings. */
  readonly dimensions: number;
  close(): Promise<void>;
}

// The recorded payload shapes are bundled with the helper (JSON modules), so it works from the built
// `@borderline/runners/testing` too. Each response starts from a fresh copy.
const payloads = {
  'gemini-generate-content.json': geminiGenerateContent,
  'openai-chat-completion.json': openAIChatCompletion,
  'openai-embeddings.json': openAIEmbeddingList,
  'openai-file.json': openAIFile,
  'openai-fine-tuning-job.json': openAIFineTuningJob,
};

const fixture = (name: keyof typeof payloads): Record<string, unknown> =>
  structuredClone(payloads[name]) as Record<string, unknown>;

/** The fake model's rule. */
export function fakeLabel(text: string): 0 | 1 {
  return /free|!!/i.test(text) ? 1 : 0;
}

/** The fake model's vector for a text. */
export function fakeVector(text: string, dimensions: number): number[] {
  return Array.from({ length: dimensions }, (_, index) => (hash32(text, index) / 4294967296) * 2 - 1);
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(text);
}

function openAIChat(body: Record<string, Wire>, contentOverride?: string): unknown {
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

function openAIEmbeddings(body: Record<string, Wire>, dimensions: number): unknown {
  const template = fixture('openai-embeddings.json') as Wire;
  const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
  // Reverse order on purpose: the API's `index`, not the row order, says where a vector belongs.
  template.data = inputs
    .map((text, index) => ({ object: 'embedding', index, embedding: fakeVector(text, dimensions) }))
    .reverse();
  template.model = body.model;
  return template;
}

function geminiGenerate(body: Record<string, Wire>, contentOverride?: string): unknown {
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

function geminiEmbed(body: Record<string, Wire>, dimensions: number): unknown {
  return {
    embeddings: body.requests.map((request: Wire) => ({
      values: fakeVector(request.content.parts[0].text, dimensions),
    })),
  };
}

function fineTuning(path: string, method: string, polls: Map<string, number>): unknown {
  if (path.endsWith('/files')) return fixture('openai-file.json');
  const job = fixture('openai-fine-tuning-job.json') as Wire;
  if (method === 'POST') return job;
  const id = path.split('/').at(-1) ?? '';
  const count = (polls.get(id) ?? 0) + 1;
  polls.set(id, count);
  job.id = id;
  job.status = count < 2 ? 'running' : 'succeeded';
  job.fine_tuned_model = count < 2 ? null : `ft:${job.model}:borderline::${id}`;
  return job;
}

function route(
  request: RecordedRequest,
  dimensions: number,
  polls: Map<string, number>,
  contentOverride?: string,
): unknown {
  const body =
    request.body === '' || !request.headers['content-type']?.includes('json') ? {} : JSON.parse(request.body);
  const path = request.path;
  if (path.endsWith('/chat/completions')) return openAIChat(body, contentOverride);
  if (path.endsWith('/embeddings')) return openAIEmbeddings(body, dimensions);
  if (path.includes('/files') || path.includes('/fine_tuning/jobs'))
    return fineTuning(path, request.method, polls);
  if (path.endsWith(':generateContent')) return geminiGenerate(body, contentOverride);
  if (path.endsWith(':batchEmbedContents')) return geminiEmbed(body, dimensions);
  return undefined;
}

/** Options of {@link startFakeProviderServer}. */
export interface FakeProviderServerOptions {
  /** Vector length of the fake embeddings (default 8). */
  readonly dimensions?: number;
}

/**
 * Starts the server on 127.0.0.1 (a random port); close it in `afterAll`/`afterEach`. Point an OpenAI-compatible
 * runner at `${url}/v1` and a Gemini runner at `url`.
 */
export async function startFakeProviderServer(
  options: FakeProviderServerOptions = {},
): Promise<FakeProviderServer> {
  const dimensions = options.dimensions ?? 8;
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const polls = new Map<string, number>();
  const handle = async (incoming: IncomingMessage, response: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const request: RecordedRequest = {
      method: incoming.method ?? 'GET',
      path: (incoming.url ?? '/').split('?')[0] ?? '/',
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(request);
    const faultIndex = faults.findIndex(
      (fault) => fault.path === undefined || request.path.includes(fault.path),
    );
    const fault = faultIndex < 0 ? undefined : faults.splice(faultIndex, 1)[0];
    if (fault?.type === 'hang') return;
    if (fault?.type === 'status')
      return send(response, fault.status, fault.body ?? '{"error":{"message":"fault"}}', fault.headers);
    if (fault?.type === 'raw') return send(response, 200, fault.body);
    const answer = route(request, dimensions, polls, fault?.type === 'content' ? fault.content : undefined);
    if (answer === undefined) return send(response, 404, { error: { message: `no route ${request.path}` } });
    send(response, 200, answer);
  };
  const server = createServer((incoming, response) => {
    handle(incoming, response).catch((error: unknown) =>
      send(response, 500, { error: { message: String(error) } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    dimensions,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
