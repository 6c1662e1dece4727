import { fixture, geminiGenerate, openAIChat, type Wire } from './fake-answers';

/**
 * The batch half of the fake provider: OpenAI's Files + Batch API and Gemini's batch mode, answering each request
 * of a batch exactly as the item-by-item routes answer the same body. Each created batch follows the next
 * {@link FakeBatchScript} (a default one when none is queued).
 */

/** How the next created batch behaves. */
export interface FakeBatchScript {
  /** Polls answered as still running before the batch ends (default 1). */
  readonly runningPolls?: number;
  /** How it ends (default `completed`). */
  readonly outcome?: 'completed' | 'expired' | 'cancelled' | 'failed';
  /** For `expired`/`cancelled`: how many of the first requests were answered before the end (default 0). */
  readonly answered?: number;
  /** Request indices answered with an error object (OpenAI: an error-file line; Gemini: an inline `error`). */
  readonly errorItems?: readonly number[];
  /** OpenAI request indices answered with `status_code` 500 (an error-file line with a response). */
  readonly statusItems?: readonly number[];
  /** Gemini: the answers as a responses file (`output.responsesFile`) instead of inline. */
  readonly responsesFile?: boolean;
}

/** A batch as the fake holds it: what was sent and how often it was polled. */
export interface FakeBatch {
  readonly provider: 'openai' | 'gemini';
  readonly id: string;
  /** The create call's JSON body. */
  readonly create: Wire;
  /** The requests: OpenAI's input lines `{custom_id, method, url, body}`; Gemini's `{request, metadata}`. */
  readonly requests: Wire[];
  readonly script: FakeBatchScript;
  polls: number;
}

/** What the fake's tests steer and read. */
export interface FakeBatchControl {
  /** Consumed one per created batch, in order. */
  readonly scripts: FakeBatchScript[];
  /** Every batch created, in order. */
  readonly batches: FakeBatch[];
  /** Uploaded files by id: OpenAI's `purpose: batch` uploads and the files the fake wrote. */
  readonly files: Map<string, { readonly purpose: string; readonly content: string }>;
}

/** A route's answer: a status and a JSON body, or raw text (file contents). */
export interface FakeAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

/** The request as the batch routes read it. */
export interface FakeBatchRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

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

/** Builds the batch routes over one control object. */
export function createFakeBatchBackend(control: FakeBatchControl) {
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}${++counter}`;
  const nextScript = (): FakeBatchScript => control.scripts.shift() ?? {};
  const find = (provider: FakeBatch['provider'], id: string) =>
    control.batches.find((batch) => batch.provider === provider && batch.id === id);

  function openAIUpload(contentType: string, body: string): FakeAnswer | undefined {
    const fields = multipartFields(contentType, body);
    if (fields.get('purpose') !== 'batch') return undefined;
    const id = nextId('file-batch-');
    const content = fields.get('file') ?? '';
    control.files.set(id, { purpose: 'batch', content });
    const file = { ...fixture('openai-file.json'), id, purpose: 'batch', bytes: Buffer.byteLength(content) };
    return { status: 200, body: { ...file, filename: 'batch.jsonl' } };
  }

  function openAICreate(body: Wire): FakeAnswer {
    const input = control.files.get(body.input_file_id);
    if (input === undefined) return error(404, `No such File object: ${body.input_file_id}`);
    if (body.endpoint !== '/v1/chat/completions') return error(400, `unsupported endpoint ${body.endpoint}`);
    if (body.completion_window !== '24h') return error(400, 'completion_window must be 24h');
    const requests = input.content
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line));
    const ids = new Set(requests.map((request) => request.custom_id));
    if (ids.size !== requests.length) return error(400, 'custom_id values must be unique');
    const batch: FakeBatch = {
      provider: 'openai',
      id: nextId('batch_'),
      create: body,
      requests,
      script: nextScript(),
      polls: 0,
    };
    control.batches.push(batch);
    return { status: 200, body: openAIBatchObject(batch) };
  }

  const ended = new Map<FakeBatch, Wire>();

  /** The batch object; once ended it stays the same object (same output file ids) on every later poll. */
  function openAIBatchObject(batch: FakeBatch): Wire {
    const held = ended.get(batch);
    if (held !== undefined) return structuredClone(held);
    const object = openAIBatchState(batch);
    if (['completed', 'expired', 'cancelled', 'failed'].includes(object.status)) ended.set(batch, object);
    return structuredClone(object);
  }

  function openAIBatchState(batch: FakeBatch): Wire {
    const object = fixture('openai-batch.json') as Wire;
    Object.assign(object, {
      id: batch.id,
      input_file_id: batch.create.input_file_id,
      metadata: batch.create.metadata ?? null,
    });
    const total = batch.requests.length;
    const running = batch.polls <= (batch.script.runningPolls ?? 1);
    if (batch.polls === 0 || running) {
      object.status = batch.polls === 0 ? 'validating' : 'in_progress';
      object.request_counts = { total, completed: batch.polls === 0 ? 0 : Math.floor(total / 2), failed: 0 };
      return object;
    }
    const outcome = batch.script.outcome ?? 'completed';
    if (outcome === 'failed') {
      object.status = 'failed';
      object.errors = {
        object: 'list',
        data: [{ code: 'invalid_request', message: 'fake validation failure', param: null, line: 1 }],
      };
      return object;
    }
    const { output, errors, completed } = openAIOutcome(batch, outcome);
    object.status = outcome;
    object.request_counts = { total, completed, failed: total - completed };
    object.output_file_id = output === '' ? null : writeFile(output);
    object.error_file_id = errors === '' ? null : writeFile(errors);
    return object;
  }

  function writeFile(content: string): string {
    const id = nextId('file-out-');
    control.files.set(id, { purpose: 'batch_output', content });
    return id;
  }

  function openAIOutcome(batch: FakeBatch, outcome: string) {
    const output: string[] = [];
    const errors: string[] = [];
    const reached = outcome === 'completed' ? batch.requests.length : (batch.script.answered ?? 0);
    batch.requests.forEach((request, index) => {
      const line = (response: Wire, lineError: Wire) =>
        JSON.stringify({
          id: `batch_req_${index}`,
          custom_id: request.custom_id,
          response,
          error: lineError,
        });
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
    const completed = output.length;
    const join = (lines: string[]) => (lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    return { output: join(output), errors: join(errors), completed };
  }

  function geminiCreate(path: string, body: Wire): FakeAnswer {
    const fileName = body?.batch?.inputConfig?.fileName;
    const input = typeof fileName === 'string' ? control.files.get(fileName) : undefined;
    if (typeof fileName === 'string' && input === undefined)
      return {
        status: 404,
        body: { error: { code: 404, message: `no file ${fileName}`, status: 'NOT_FOUND' } },
      };
    const requests =
      input === undefined
        ? body?.batch?.inputConfig?.requests?.requests
        : input.content
            .split('\n')
            .filter((line) => line.trim() !== '')
            .map((line) => {
              const { key, request } = JSON.parse(line);
              return { request, metadata: { key } };
            });
    if (!Array.isArray(requests) || requests.some((entry: Wire) => entry?.request?.contents === undefined))
      return {
        status: 400,
        body: {
          error: {
            code: 400,
            message: 'batch.inputConfig.requests.requests is required',
            status: 'INVALID_ARGUMENT',
          },
        },
      };
    const model = /models\/([^:]+):batchGenerateContent$/.exec(path)?.[1] ?? '';
    const batch: FakeBatch = {
      provider: 'gemini',
      id: `batches/${nextId('fake-')}`,
      create: { ...body, model: `models/${model}` },
      requests,
      script: nextScript(),
      polls: 0,
    };
    control.batches.push(batch);
    return { status: 200, body: geminiOperation(batch) };
  }

  function geminiOperation(batch: FakeBatch): Wire {
    const held = ended.get(batch);
    if (held !== undefined) return structuredClone(held);
    const operation = geminiOperationState(batch);
    if (operation.done === true) ended.set(batch, operation);
    return structuredClone(operation);
  }

  function geminiOperationState(batch: FakeBatch): Wire {
    const operation = fixture('gemini-batch-operation.json') as Wire;
    const total = batch.requests.length;
    Object.assign(operation.metadata, {
      name: batch.id,
      model: batch.create.model,
      displayName: batch.create.batch.displayName,
      batchStats: { requestCount: String(total), pendingRequestCount: String(total) },
    });
    operation.name = batch.id;
    if (batch.polls === 0) return operation;
    if (batch.polls <= (batch.script.runningPolls ?? 1)) {
      operation.metadata.state = 'BATCH_STATE_RUNNING';
      return operation;
    }
    const outcome = batch.script.outcome ?? 'completed';
    const states = { completed: 'SUCCEEDED', expired: 'EXPIRED', cancelled: 'CANCELLED', failed: 'FAILED' };
    operation.metadata.state = `BATCH_STATE_${states[outcome]}`;
    operation.done = true;
    if (outcome === 'failed') {
      operation.error = { code: 3, message: 'fake batch failure' };
      return operation;
    }
    if (outcome !== 'completed') return operation;
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
        ? { responsesFile: geminiFile(batch, answers) }
        : { inlinedResponses: { inlinedResponses: answers } };
    operation.metadata.output = output;
    operation.response = { '@type': type, ...output };
    return operation;
  }

  function geminiFile(batch: FakeBatch, answers: Wire[]): string {
    const lines = answers.map((answer, index) => {
      const { metadata: _metadata, ...rest } = answer;
      return JSON.stringify({ key: batch.requests[index]?.metadata?.key ?? String(index), ...rest });
    });
    const id = nextId('files/fake-out-');
    control.files.set(id, { purpose: 'batch_output', content: `${lines.join('\n')}\n` });
    return id;
  }

  const sessions = new Map<string, { readonly mimeType: string; readonly displayName: string }>();

  /** The Files API's resumable upload: `start` opens a session, `upload, finalize` stores the bytes. */
  function geminiUpload(request: FakeBatchRequest): FakeAnswer {
    const header = (name: string) => String(request.headers[name] ?? '');
    const command = header('x-goog-upload-command');
    if (request.path === '/upload/v1beta/files' && command === 'start') {
      if (header('x-goog-upload-protocol') !== 'resumable')
        return {
          status: 400,
          body: { error: { code: 400, message: 'resumable only', status: 'INVALID_ARGUMENT' } },
        };
      const id = nextId('session-');
      const start = JSON.parse(request.body || '{}');
      sessions.set(id, {
        mimeType: header('x-goog-upload-header-content-type'),
        displayName: start?.file?.displayName ?? '',
      });
      const url = `http://${header('host')}/upload/v1beta/files/${id}`;
      return {
        status: 200,
        body: {},
        headers: { 'x-goog-upload-url': url, 'x-goog-upload-status': 'active' },
      };
    }
    const session = sessions.get(request.path.split('/').at(-1) ?? '');
    if (session === undefined || command !== 'upload, finalize' || header('x-goog-upload-offset') !== '0')
      return {
        status: 400,
        body: { error: { code: 400, message: 'bad upload', status: 'INVALID_ARGUMENT' } },
      };
    const name = nextId('files/fake-in-');
    control.files.set(name, { purpose: 'gemini-batch-input', content: request.body });
    const file = { name, displayName: session.displayName, mimeType: session.mimeType, state: 'ACTIVE' };
    return { status: 200, body: { file }, headers: { 'x-goog-upload-status': 'final' } };
  }

  /** The batch routes; undefined when the request is not one of them. */
  return function route(request: FakeBatchRequest): FakeAnswer | undefined {
    const { method, path, body: raw } = request;
    const contentType = String(request.headers['content-type'] ?? '');
    const json = () => (raw === '' ? {} : JSON.parse(raw));
    if (method === 'POST' && path.startsWith('/upload/v1beta/files')) return geminiUpload(request);
    if (method === 'POST' && path.endsWith('/v1/files')) return openAIUpload(contentType, raw);
    const content = /\/v1\/files\/([^/]+)\/content$/.exec(path);
    if (method === 'GET' && content !== null) {
      const file = control.files.get(content[1]!);
      if (file === undefined) return error(404, `No such File object: ${content[1]}`);
      return { status: 200, body: file.content, contentType: 'application/octet-stream' };
    }
    if (method === 'POST' && path.endsWith('/v1/batches')) return openAICreate(json());
    const openAIGet = /\/v1\/batches\/([^/]+)$/.exec(path);
    if (method === 'GET' && openAIGet !== null) {
      const batch = find('openai', openAIGet[1]!);
      if (batch === undefined) return error(404, `No such Batch: ${openAIGet[1]}`);
      batch.polls++;
      return { status: 200, body: openAIBatchObject(batch) };
    }
    if (method === 'POST' && path.endsWith(':batchGenerateContent')) return geminiCreate(path, json());
    const geminiGet = /\/v1beta\/(batches\/[^/:]+)$/.exec(path);
    if (method === 'GET' && geminiGet !== null) {
      const batch = find('gemini', geminiGet[1]!);
      if (batch === undefined)
        return { status: 404, body: { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } } };
      batch.polls++;
      return { status: 200, body: geminiOperation(batch) };
    }
    const download = /\/download\/v1beta\/(files\/[^/:]+):download$/.exec(path);
    if (method === 'GET' && download !== null) {
      const file = control.files.get(download[1]!);
      if (file === undefined)
        return { status: 404, body: { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } } };
      return { status: 200, body: file.content, contentType: 'application/octet-stream' };
    }
    return undefined;
  };
}
