import { fixture, openAIChat, type Wire } from './fake-answers';
import { batchPhase, type FakeBatchApi, jsonLines, type NewFakeBatch } from './fake-batch-route';
import type { FakeAnswer, FakeBatch, FakeBatchShared } from './fake-batch-types';

/** OpenAI's Files + Batch API, as the fake speaks it (shapes from `__fixtures__/openai-batch.json`). */

/** The parts of a multipart/form-data body (the SDK's file upload), by field name. */
export function multipartFields(contentType: string, body: string): Map<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const fields = new Map<string, string>();
  if (boundary === null) return fields;
  const marker = `--${boundary[1] ?? boundary[2]}`;
  for (const part of body.split(marker).slice(1)) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    const name = /name="([^"]+)"/.exec(part.slice(0, split));
    if (split < 0 || name === null) continue;
    fields.set(name[1]!, part.slice(split + 4).replace(/\r\n$/, ''));
  }
  return fields;
}

const error = (status: number, message: string): FakeAnswer => ({
  status,
  body: { error: { message, type: 'invalid_request_error', code: null } },
});

function upload(shared: FakeBatchShared, contentType: string, body: string): FakeAnswer | undefined {
  const fields = multipartFields(contentType, body);
  if (fields.get('purpose') !== 'batch') return undefined;
  const id = shared.nextId('file-batch-');
  const content = fields.get('file') ?? '';
  shared.control.files.set(id, { purpose: 'batch', content });
  const file = { ...fixture('openai-file.json'), id, purpose: 'batch', bytes: Buffer.byteLength(content) };
  return { status: 200, body: { ...file, filename: 'batch.jsonl' } };
}

function create(shared: FakeBatchShared, body: Wire): NewFakeBatch | FakeAnswer {
  const input = shared.control.files.get(body.input_file_id);
  if (input === undefined) return error(404, `No such File object: ${body.input_file_id}`);
  if (body.endpoint !== '/v1/chat/completions') return error(400, `unsupported endpoint ${body.endpoint}`);
  if (body.completion_window !== '24h') return error(400, 'completion_window must be 24h');
  const requests = jsonLines(input.content);
  const ids = new Set(requests.map((request) => request.custom_id));
  if (ids.size !== requests.length) return error(400, 'custom_id values must be unique');
  return { id: shared.nextId('batch_'), create: body, requests };
}

function batchState(shared: FakeBatchShared, batch: FakeBatch): Wire {
  const object = fixture('openai-batch.json') as Wire;
  Object.assign(object, {
    id: batch.id,
    input_file_id: batch.create.input_file_id,
    metadata: batch.create.metadata ?? null,
  });
  const total = batch.requests.length;
  const phase = batchPhase(batch);
  if (phase === 'created' || phase === 'running') {
    object.status = phase === 'created' ? 'validating' : 'in_progress';
    object.request_counts = { total, completed: phase === 'created' ? 0 : Math.floor(total / 2), failed: 0 };
    return object;
  }
  const outcome = phase;
  if (outcome === 'failed') {
    object.status = 'failed';
    object.errors = {
      object: 'list',
      data: [{ code: 'invalid_request', message: 'fake validation failure', param: null, line: 1 }],
    };
    return object;
  }
  const { output, errors, completed } = outcomeFiles(batch, outcome);
  object.status = outcome;
  object.request_counts = { total, completed, failed: total - completed };
  object.output_file_id = output === '' ? null : writeFile(shared, output);
  object.error_file_id = errors === '' ? null : writeFile(shared, errors);
  return object;
}

function writeFile(shared: FakeBatchShared, content: string): string {
  const id = shared.nextId('file-out-');
  shared.control.files.set(id, { purpose: 'batch_output', content });
  return id;
}

/** The output and error files ("The request output object" per line) of an ended batch. */
function outcomeFiles(batch: FakeBatch, outcome: string) {
  const output: string[] = [];
  const errors: string[] = [];
  const reached = outcome === 'completed' ? batch.requests.length : (batch.script.answered ?? 0);
  batch.requests.forEach((request, index) => {
    const line = (response: Wire, lineError: Wire) =>
      JSON.stringify({ id: `batch_req_${index}`, custom_id: request.custom_id, response, error: lineError });
    if (index >= reached) {
      const code = outcome === 'cancelled' ? 'batch_cancelled' : 'batch_expired';
      errors.push(line(null, { code, message: `This request was not executed (${outcome}).` }));
    } else if (batch.script.errorItems?.includes(index)) {
      errors.push(line(null, { code: 'server_error', message: 'fake item failure' }));
    } else if (batch.script.statusItems?.includes(index)) {
      const body = { error: { message: 'fake upstream 500', type: 'server_error' } };
      errors.push(line({ status_code: 500, request_id: `req_${index}`, body }, null));
    } else {
      output.push(
        line({ status_code: 200, request_id: `req_${index}`, body: openAIChat(request.body) }, null),
      );
    }
  });
  const join = (lines: string[]) => (lines.length === 0 ? '' : `${lines.join('\n')}\n`);
  return { output: join(output), errors: join(errors), completed: output.length };
}

/** OpenAI's Files + Batch API routes (the shape they share with Gemini's is `fakeBatchRoute`'s). */
export const openAIBatchApi: FakeBatchApi = {
  provider: 'openai',
  isUpload: (path) => path.endsWith('/v1/files'),
  upload: (shared, request) => upload(shared, String(request.headers['content-type'] ?? ''), request.body),
  isCreate: (path) => path.endsWith('/v1/batches'),
  create: (shared, _path, body) => create(shared, body),
  batchPath: /\/v1\/batches\/([^/]+)$/,
  filePath: /\/v1\/files\/([^/]+)\/content$/,
  notFound: (what, id) =>
    error(404, what === 'batch' ? `No such Batch: ${id}` : `No such File object: ${id}`),
  state: batchState,
  hasEnded: (object) => ['completed', 'expired', 'cancelled', 'failed'].includes(object.status),
};
