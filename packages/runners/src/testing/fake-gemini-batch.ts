import { fixture, geminiGenerate, type Wire } from './fake-answers';
import { batchPhase, type FakeBatchApi, jsonLines, type NewFakeBatch } from './fake-batch-route';
import type { FakeAnswer, FakeBatch, FakeBatchRequest, FakeBatchShared } from './fake-batch-types';

/** Gemini's batch mode and the Files API's resumable upload, as the fake speaks them. */

const error = (code: number, message: string, status: string): FakeAnswer => ({
  status: code,
  body: { error: { code, message, status } },
});

/** The requests of a create body: inline, or the `{key, request}` lines of an uploaded file. */
function requestsOf(shared: FakeBatchShared, body: Wire): Wire[] | FakeAnswer {
  const fileName = body?.batch?.inputConfig?.fileName;
  if (typeof fileName !== 'string') return body?.batch?.inputConfig?.requests?.requests;
  const input = shared.control.files.get(fileName);
  if (input === undefined) return error(404, `no file ${fileName}`, 'NOT_FOUND');
  return jsonLines(input.content).map(({ key, request }) => ({ request, metadata: { key } }));
}

function create(shared: FakeBatchShared, path: string, body: Wire): NewFakeBatch | FakeAnswer {
  const requests = requestsOf(shared, body);
  if (!Array.isArray(requests)) {
    return (
      (requests as FakeAnswer | undefined) ??
      error(400, 'batch.inputConfig.requests.requests is required', 'INVALID_ARGUMENT')
    );
  }
  if (requests.some((entry: Wire) => entry?.request?.contents === undefined))
    return error(400, 'every request needs contents', 'INVALID_ARGUMENT');
  const model = /models\/([^:]+):batchGenerateContent$/.exec(path)?.[1] ?? '';
  return { id: `batches/${shared.nextId('fake-')}`, create: { ...body, model: `models/${model}` }, requests };
}

function operationState(shared: FakeBatchShared, batch: FakeBatch): Wire {
  const operation = fixture('gemini-batch-operation.json') as Wire;
  const total = batch.requests.length;
  Object.assign(operation.metadata, {
    name: batch.id,
    model: batch.create.model,
    displayName: batch.create.batch.displayName,
    batchStats: { requestCount: String(total), pendingRequestCount: String(total) },
  });
  operation.name = batch.id;
  const phase = batchPhase(batch);
  if (phase === 'created') return operation;
  if (phase === 'running') {
    operation.metadata.state = 'BATCH_STATE_RUNNING';
    return operation;
  }
  const outcome = phase;
  const states = { completed: 'SUCCEEDED', expired: 'EXPIRED', cancelled: 'CANCELLED', failed: 'FAILED' };
  operation.metadata.state = `BATCH_STATE_${states[outcome]}`;
  operation.done = true;
  if (outcome === 'failed') operation.error = { code: 3, message: 'fake batch failure' };
  if (outcome === 'completed') answer(shared, batch, operation);
  return operation;
}

/** Fills in a succeeded batch's answers and stats. */
function answer(shared: FakeBatchShared, batch: FakeBatch, operation: Wire): void {
  const total = batch.requests.length;
  const answers = batch.requests.map((entry: Wire, index: number) =>
    batch.script.errorItems?.includes(index)
      ? { error: { code: 500, message: 'fake item failure', status: 'INTERNAL' }, metadata: entry.metadata }
      : { response: geminiGenerate(entry.request), metadata: entry.metadata },
  );
  const failed = batch.script.errorItems?.length ?? 0;
  operation.metadata.batchStats = {
    requestCount: String(total),
    successfulRequestCount: String(total - failed),
    failedRequestCount: String(failed),
  };
  const type = 'type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatchOutput';
  // A batch read from a file answers with a responses file (batch mode guide); inline ones inline, unless told.
  const output =
    batch.script.responsesFile || batch.create.batch.inputConfig.fileName !== undefined
      ? { responsesFile: responsesFile(shared, batch, answers) }
      : { inlinedResponses: { inlinedResponses: answers } };
  operation.metadata.output = output;
  operation.response = { '@type': type, ...output };
}

function responsesFile(shared: FakeBatchShared, batch: FakeBatch, answers: Wire[]): string {
  const lines = answers.map((entry, index) => {
    const { metadata: _metadata, ...rest } = entry;
    return JSON.stringify({ key: batch.requests[index]?.metadata?.key ?? String(index), ...rest });
  });
  const id = shared.nextId('files/fake-out-');
  shared.control.files.set(id, { purpose: 'batch_output', content: `${lines.join('\n')}\n` });
  return id;
}

/** The Files API's resumable upload: `start` opens a session, `upload, finalize` stores the bytes. */
function upload(shared: FakeBatchShared, request: FakeBatchRequest): FakeAnswer {
  const header = (name: string) => String(request.headers[name] ?? '');
  const command = header('x-goog-upload-command');
  if (request.path === '/upload/v1beta/files' && command === 'start') {
    if (header('x-goog-upload-protocol') !== 'resumable')
      return error(400, 'resumable uploads only', 'INVALID_ARGUMENT');
    const id = shared.nextId('session-');
    const start = JSON.parse(request.body || '{}');
    shared.sessions.set(id, {
      mimeType: header('x-goog-upload-header-content-type'),
      displayName: start?.file?.displayName ?? '',
    });
    const url = `http://${header('host')}/upload/v1beta/files/${id}`;
    return { status: 200, body: {}, headers: { 'x-goog-upload-url': url, 'x-goog-upload-status': 'active' } };
  }
  const session = shared.sessions.get(request.path.split('/').at(-1) ?? '');
  if (session === undefined || command !== 'upload, finalize' || header('x-goog-upload-offset') !== '0')
    return error(400, 'bad upload', 'INVALID_ARGUMENT');
  const name = shared.nextId('files/fake-in-');
  shared.control.files.set(name, { purpose: 'gemini-batch-input', content: request.body });
  const file = { name, displayName: session.displayName, mimeType: session.mimeType, state: 'ACTIVE' };
  return { status: 200, body: { file }, headers: { 'x-goog-upload-status': 'final' } };
}

/** Gemini's batch mode routes (the shape they share with OpenAI's is `fakeBatchRoute`'s). */
export const geminiBatchApi: FakeBatchApi = {
  provider: 'gemini',
  isUpload: (path) => path.startsWith('/upload/v1beta/files'),
  upload,
  isCreate: (path) => path.endsWith(':batchGenerateContent'),
  create,
  batchPath: /\/v1beta\/(batches\/[^/:]+)$/,
  filePath: /\/download\/v1beta\/(files\/[^/:]+):download$/,
  notFound: () => error(404, 'not found', 'NOT_FOUND'),
  state: operationState,
  hasEnded: (operation) => operation.done === true,
};
