import type {
  BatchAgreement,
  BatchProgress,
  DecideOutcome,
  Decision,
  ExpertView,
  ReviewBatch,
} from '../review-backend';

/** What `/api/me` answers: the expert's own view, and the agreement once the batch is complete. */
export interface MeResponse extends ExpertView {
  readonly agreement?: BatchAgreement;
}

/** What `/api/undo` answers. */
export interface UndoResponse {
  readonly undone?: Decision;
  readonly batch: BatchProgress;
}

/** A refusal or failure from the server, with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The review API as the page calls it: every call carries the expert and, when there is one, their token. */
export interface ReviewApi {
  batch(): Promise<ReviewBatch>;
  me(): Promise<MeResponse>;
  decide(item: string, label: string): Promise<DecideOutcome>;
  undo(item: string): Promise<UndoResponse>;
}

/** The API for `expert`, authenticated with `token` when given. */
export function reviewApi(expert: string, token: string | undefined): ReviewApi {
  const headers: Record<string, string> = token === undefined ? {} : { Authorization: `Bearer ${token}` };
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const data = (await response.json().catch(() => ({}))) as T & { error?: string };
    // A conflict is an answer (the ledger already holds another label), not a failure.
    if (!response.ok && response.status !== 409) {
      throw new ApiError(response.status, data.error ?? `HTTP ${response.status}`);
    }
    return data;
  };
  const query = `?expert=${encodeURIComponent(expert)}`;
  return {
    batch: () => call(`/api/batch${query}`),
    me: () => call(`/api/me${query}`),
    decide: (item, label) => call('/api/decide', { expert, item, label }),
    undo: (item) => call('/api/undo', { expert, item }),
  };
}
