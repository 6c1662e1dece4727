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

/** What the request handler reads and updates. */
interface ServerState {
  readonly dimensions: number;
  readonly faults: Fault[];
  /** Status polls per fine-tuning job id. */
  readonly polls: Map<string, number>;
  readonly batchRoute: ReturnType<typeof createFakeBatchBackend>;
}

/** Reads the whole request body and records method, path (query dropped), headers and body. */
async function readRequest(incoming: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return {
    method: incoming.method ?? 'GET',
    path: (incoming.url ?? '/').split('?')[0] ?? '/',
    headers: incoming.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

/** Removes and returns the first programmed fault that applies to `path`, if any. */
function takeFault(faults: Fault[], path: string): Fault | undefined {
  const faultIndex = faults.findIndex((fault) => fault.path === undefined || path.includes(fault.path));
  return faultIndex < 0 ? undefined : faults.splice(faultIndex, 1)[0];
}

/** Answers one request: a pending fault first, then the batch APIs, then the synchronous routes, else 404. */
function answer(state: ServerState, request: RecordedRequest, response: ServerResponse): void {
  const fault = takeFault(state.faults, request.path);
  if (fault !== undefined && playFault(fault, response)) return;
  const batchAnswer = state.batchRoute(request);
  if (batchAnswer !== undefined) {
    const headers: Record<string, string> = {
      ...batchAnswer.headers,
      ...(batchAnswer.contentType === undefined ? {} : { 'content-type': batchAnswer.contentType }),
    };
    send(response, batchAnswer.status, batchAnswer.body, headers);
    return;
  }
  const content = fault?.type === 'content' ? fault.content : undefined;
  const body = route(request, state.dimensions, state.polls, content);
  if (body === undefined) send(response, 404, { error: { message: `no route ${request.path}` } });
  else send(response, 200, body);
}

/** Plays a fault that replaces the answer (hang, status, raw) and says so; false for `content`, which alters it. */
function playFault(fault: Fault, response: ServerResponse): boolean {
  switch (fault.type) {
    case 'hang':
      return true;
    case 'status':
      send(response, fault.status, fault.body ?? '{"error":{"message":"fault"}}', fault.headers);
      return true;
    case 'raw':
      send(response, 200, fault.body);
      return true;
    default:
      return false;
  }
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
  const batch: FakeBatchControl = { scripts: [], batches: [], files: new Map() };
  const state: ServerState = {
    dimensions,
    faults,
    polls: new Map(),
    batchRoute: createFakeBatchBackend(batch),
  };
  const handle = async (incoming: IncomingMessage, response: ServerResponse): Promise<void> => {
    const request = await readRequest(incoming);
    requests.push(request);
    answer(state, request, response);
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
