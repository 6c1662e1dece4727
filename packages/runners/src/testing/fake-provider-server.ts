import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeVector, fixture, geminiGenerate, openAIChat, type Wire } from './fake-answers';
import { createFakeBatchBackend, type FakeBatchControl } from './fake-batch-backend';

export { fakeLabel, fakeVector } from './fake-answers';

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
  /** The batch APIs' scripts (how the next batch behaves), the batches created and the files held. */
  readonly batch: FakeBatchControl;
  close(): Promise<void>;
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
  const batch: FakeBatchControl = { scripts: [], batches: [], files: new Map() };
  const batchRoute = createFakeBatchBackend(batch);
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
    const batchAnswer = batchRoute(request);
    if (batchAnswer !== undefined) {
      const headers: Record<string, string> = {
        ...batchAnswer.headers,
        ...(batchAnswer.contentType === undefined ? {} : { 'content-type': batchAnswer.contentType }),
      };
      return send(response, batchAnswer.status, batchAnswer.body, headers);
    }
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
    batch,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
