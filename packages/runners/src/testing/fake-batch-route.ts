import type { Wire } from './fake-answers';
import type {
  FakeAnswer,
  FakeBatch,
  FakeBatchRequest,
  FakeBatchScript,
  FakeBatchShared,
} from './fake-batch-types';

/**
 * The shape both fake batch APIs share: upload the input, create a batch, poll it by id (each poll advances its
 * script), download a file. A provider fills in only what differs: its paths, bodies, objects and errors.
 */
export interface FakeBatchApi {
  readonly provider: FakeBatch['provider'];
  /** Whether a POST to `path` is the input upload. */
  isUpload(path: string): boolean;
  /** Stores an uploaded input; undefined when the upload is not one of the batch API's (then no route answers). */
  upload(shared: FakeBatchShared, request: FakeBatchRequest): FakeAnswer | undefined;
  /** Whether a POST to `path` creates a batch. */
  isCreate(path: string): boolean;
  /** Reads a create call: the new batch's id, create body and requests, or the error it is answered with. */
  create(shared: FakeBatchShared, path: string, body: Wire): NewFakeBatch | FakeAnswer;
  /** GET of a batch; the first group is its id. */
  readonly batchPath: RegExp;
  /** GET of a file's contents; the first group is its id. */
  readonly filePath: RegExp;
  /** The 404 answer for an unknown batch or file. */
  notFound(what: 'batch' | 'file', id: string): FakeAnswer;
  /** The batch's object (OpenAI's batch, Gemini's operation) as its current phase shows it. */
  state(shared: FakeBatchShared, batch: FakeBatch): Wire;
  /** Whether an object shows an ended batch (from then on every poll gets that same object). */
  hasEnded(object: Wire): boolean;
}

/** What a provider's create reads from the call; the route adds the provider, the script and the poll count. */
export type NewFakeBatch = Pick<FakeBatch, 'id' | 'create' | 'requests'>;

/** Where a batch stands, from its poll count and script: just created, still running, or ended with an outcome. */
export type FakeBatchPhase = 'created' | 'running' | NonNullable<FakeBatchScript['outcome']>;

/** The phase of a batch (polls beyond `runningPolls`, default 1, end it with the script's outcome). */
export function batchPhase(batch: FakeBatch): FakeBatchPhase {
  if (batch.polls === 0) return 'created';
  if (batch.polls <= (batch.script.runningPolls ?? 1)) return 'running';
  return batch.script.outcome ?? 'completed';
}

/** The JSON values of a JSONL file's non-blank lines. */
export function jsonLines(content: string): Wire[] {
  return content
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/** A provider's batch routes; undefined when the request is not one of them. */
export function fakeBatchRoute(
  api: FakeBatchApi,
  shared: FakeBatchShared,
  request: FakeBatchRequest,
): FakeAnswer | undefined {
  const { method, path, body } = request;
  if (method === 'POST' && api.isUpload(path)) return api.upload(shared, request);
  if (method === 'POST' && api.isCreate(path))
    return createBatch(api, shared, path, body === '' ? {} : JSON.parse(body));
  if (method !== 'GET') return undefined;
  const polled = api.batchPath.exec(path);
  if (polled !== null) return pollBatch(api, shared, polled[1]!);
  const download = api.filePath.exec(path);
  if (download !== null) {
    const file = shared.control.files.get(download[1]!);
    if (file === undefined) return api.notFound('file', download[1]!);
    return { status: 200, body: file.content, contentType: 'application/octet-stream' };
  }
  return undefined;
}

function createBatch(api: FakeBatchApi, shared: FakeBatchShared, path: string, body: Wire): FakeAnswer {
  const created = api.create(shared, path, body);
  if (!('requests' in created)) return created;
  const batch: FakeBatch = { provider: api.provider, ...created, script: shared.nextScript(), polls: 0 };
  shared.control.batches.push(batch);
  return { status: 200, body: batchAnswer(api, shared, batch) };
}

function pollBatch(api: FakeBatchApi, shared: FakeBatchShared, id: string): FakeAnswer {
  const batch = shared.find(api.provider, id);
  if (batch === undefined) return api.notFound('batch', id);
  batch.polls++;
  return { status: 200, body: batchAnswer(api, shared, batch) };
}

/** The batch's object; once ended it stays the same object (same output files) on every later poll. */
function batchAnswer(api: FakeBatchApi, shared: FakeBatchShared, batch: FakeBatch): Wire {
  return shared.answerOf(
    batch,
    () => api.state(shared, batch),
    (object) => api.hasEnded(object),
  );
}
