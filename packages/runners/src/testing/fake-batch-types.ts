import type { Wire } from './fake-answers';

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

/** What the provider modules share: the control object, ids, scripts, ended batches' answers, upload sessions. */
export interface FakeBatchShared {
  readonly control: FakeBatchControl;
  nextId(prefix: string): string;
  nextScript(): FakeBatchScript;
  find(provider: FakeBatch['provider'], id: string): FakeBatch | undefined;
  /**
   * A copy of the batch's answer from `state`; once `hasEnded` holds for one, that last answer is repeated on
   * every later poll (same file ids) and `state` is not asked again.
   */
  answerOf(batch: FakeBatch, state: () => Wire, hasEnded: (answer: Wire) => boolean): Wire;
  readonly sessions: Map<string, { readonly mimeType: string; readonly displayName: string }>;
}
