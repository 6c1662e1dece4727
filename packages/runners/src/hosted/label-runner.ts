import { abortedError } from './errors';
import { redact } from './redact';
import { cacheKey } from './response-cache';
import { type Judge, MalformedAnswer, withRetry } from './retry';
import type { HostedRuntime } from './settings';

/** A model's answer for one text: a label with P(positive), or unavailable with the reason. Never coerced. */
export type LabelOutcome =
  | { readonly status: 'labelled'; readonly label: 0 | 1; readonly probability: number }
  | { readonly status: 'unavailable'; readonly reason: string };

/** What the label runner needs from an adapter: one request per text, and the parts of the cache key. */
export interface LabelRequest {
  readonly provider: string;
  readonly model: string;
  /** Everything besides the text that decides the answer (prompt, schema, examples). */
  readonly prompt: string;
  /**
   * One attempt; throws `MalformedAnswer` when the answer does not parse. An attempt that judges its own failure
   * hands its judge to `judgeWith` (the retry loop's `Attempt`).
   */
  readonly request: (
    text: string,
    signal: AbortSignal,
    judgeWith: (judge: Judge) => void,
  ) => Promise<{ label: 0 | 1; probability: number }>;
  /** Judges a failed attempt that brought no judge of its own. */
  readonly judge: Judge;
}

/** A model's answer as the cache holds it. */
export interface LabelAnswer {
  readonly label: 0 | 1;
  readonly probability: number;
}

/** The cache's form of an answer (shared by the item-by-item and batch paths, so each finds the other's). */
export function encodeAnswer(answer: LabelAnswer): string {
  return JSON.stringify({ label: answer.label, probability: answer.probability });
}

/** A cached answer, or undefined when absent or unreadable (then the answer is asked again). */
export function readCachedAnswer(value: string | undefined): LabelAnswer | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as { label?: unknown; probability?: unknown };
    if ((parsed.label === 0 || parsed.label === 1) && typeof parsed.probability === 'number') {
      return { label: parsed.label, probability: parsed.probability };
    }
  } catch {
    // An unreadable stored value is treated as a miss: the answer is asked again.
  }
  return undefined;
}

async function askOnce(
  runtime: HostedRuntime,
  spec: LabelRequest,
  text: string,
  index: number,
  signal: AbortSignal | undefined,
): Promise<LabelOutcome> {
  let reason = '';
  // A malformed answer gets exactly one more chance, then the item is reported unlabelled.
  for (let chance = 0; chance < 2; chance++) {
    try {
      const answer = await withRetry(
        runtime.retry,
        (attempt, judgeWith) => spec.request(text, attempt, judgeWith),
        spec.judge,
        signal,
      );
      return { status: 'labelled', ...answer };
    } catch (error) {
      if (!(error instanceof MalformedAnswer)) throw error;
      reason = redact(error.reason, runtime.retry.secrets);
    }
  }
  runtime.onWarning?.({ type: 'malformed-answer', component: runtime.component, index, reason });
  return { status: 'unavailable', reason: `malformed answer twice: ${reason}` };
}

/**
 * Labels each text through the cache, the concurrency limit and the retry loop. Identical texts in one call are
 * asked once; answers already paid for (in memory or in the store) are not asked again. The first request that
 * fails for good (its retries spent: the endpoint is down, refuses, or never answers) stops the others, so an
 * unreachable server fails the call in one request's retry time, not in one per text; the answers received
 * before are kept in the cache.
 */
export async function runLabels(
  runtime: HostedRuntime,
  spec: LabelRequest,
  texts: readonly string[],
  callerSignal?: AbortSignal,
): Promise<LabelOutcome[]> {
  if (callerSignal?.aborted) throw abortedError(runtime.component);
  const stop = new AbortController();
  const signal = callerSignal === undefined ? stop.signal : AbortSignal.any([callerSignal, stop.signal]);
  let firstFailure: { readonly error: unknown } | undefined;
  const pending = new Map<string, Promise<LabelOutcome>>();
  const ask = async (text: string, index: number, key: string): Promise<LabelOutcome> => {
    const hit = readCachedAnswer(await runtime.cache.get(key));
    if (hit !== undefined) return { status: 'labelled', ...hit };
    const outcome = await runtime.limiter.run(() => {
      if (signal?.aborted) throw abortedError(runtime.component);
      return askOnce(runtime, spec, text, index, signal);
    });
    if (outcome.status === 'labelled') {
      await runtime.cache.set(key, encodeAnswer(outcome));
    }
    return outcome;
  };
  const outcomes = texts.map((text, index) => {
    const key = cacheKey({ provider: spec.provider, model: spec.model, prompt: spec.prompt, text });
    let promise = pending.get(key);
    if (promise === undefined) {
      promise = ask(text, index, key).catch((error: unknown) => {
        if (!stop.signal.aborted) {
          firstFailure = { error };
          stop.abort();
        }
        throw error;
      });
      pending.set(key, promise);
    }
    return promise;
  });
  const settled = await Promise.allSettled(outcomes);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    // An abort outranks other failures: it is what the caller asked for.
    if (callerSignal?.aborted) throw abortedError(runtime.component);
    throw firstFailure === undefined ? (failed as PromiseRejectedResult).reason : firstFailure.error;
  }
  return settled.map((result) => (result as PromiseFulfilledResult<LabelOutcome>).value);
}

/** P(positive) per outcome; an unavailable item is NaN (already reported through `onWarning`). */
export function toProbabilities(outcomes: readonly LabelOutcome[]): Float64Array {
  const out = new Float64Array(outcomes.length);
  for (let index = 0; index < outcomes.length; index++) {
    const outcome = outcomes[index]!;
    out[index] = outcome.status === 'labelled' ? outcome.probability : Number.NaN;
  }
  return out;
}
