import { abortedError, runnerError } from './errors';
import { cacheKey } from './response-cache';
import { type Judge, MalformedAnswer, withRetry } from './retry';
import type { HostedRuntime } from './settings';

/** What the embedding runner needs from an adapter: one batched request, and the parts of the cache key. */
export interface EmbedRequest {
  readonly provider: string;
  readonly model: string;
  /** Everything besides the text that decides the vector (dimensions, task type). */
  readonly prompt: string;
  readonly dimensions: number;
  readonly batchSize: number;
  /**
   * One attempt for a batch; throws `MalformedAnswer` when the answer has the wrong shape. An attempt that judges
   * its own failure hands its judge to `judgeWith` (the retry loop's `Attempt`).
   */
  readonly request: (
    texts: readonly string[],
    signal: AbortSignal,
    judgeWith: (judge: Judge) => void,
  ) => Promise<readonly (readonly number[])[]>;
  /** Judges a failed attempt that brought no judge of its own. */
  readonly judge: Judge;
}

function encode(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

function decode(value: string, dimensions: number): Float32Array | undefined {
  const bytes = Buffer.from(value, 'base64');
  if (bytes.byteLength !== dimensions * 4) return undefined;
  const out = new Float32Array(dimensions);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Checks the shape of a batch answer: one finite vector of the right length per text. */
export function checkVectors(
  vectors: readonly (readonly number[])[],
  count: number,
  dimensions: number,
): void {
  if (vectors.length !== count) throw new MalformedAnswer(`expected ${count} vectors, got ${vectors.length}`);
  for (const vector of vectors) {
    if (!Array.isArray(vector) || vector.length !== dimensions) {
      throw new MalformedAnswer(`expected vectors of ${dimensions} numbers`);
    }
    if (!vector.every((value) => typeof value === 'number' && Number.isFinite(value))) {
      throw new MalformedAnswer('a vector holds a value that is not a finite number');
    }
  }
}

async function fetchBatch(
  runtime: HostedRuntime,
  spec: EmbedRequest,
  batch: readonly string[],
  signal?: AbortSignal,
) {
  for (let chance = 0; ; chance++) {
    try {
      return await withRetry(
        runtime.retry,
        (attempt, judgeWith) => spec.request(batch, attempt, judgeWith),
        spec.judge,
        signal,
      );
    } catch (error) {
      if (!(error instanceof MalformedAnswer)) throw error;
      // A vector cannot be "unavailable" inside a matrix, so a second malformed answer is an error.
      if (chance >= 1) {
        throw runnerError({
          component: runtime.component,
          message: `malformed embeddings twice: ${error.reason}`,
          retryable: false,
          secrets: runtime.retry.secrets,
        });
      }
    }
  }
}

/** Embeds texts through the cache, in batches, under the concurrency limit. Row-major n x dimensions. */
export async function runEmbeddings(
  runtime: HostedRuntime,
  spec: EmbedRequest,
  texts: readonly string[],
  signal?: AbortSignal,
): Promise<Float32Array> {
  if (signal?.aborted) throw abortedError(runtime.component);
  const out = new Float32Array(texts.length * spec.dimensions);
  const keys = texts.map((text) =>
    cacheKey({ provider: spec.provider, model: spec.model, prompt: spec.prompt, text }),
  );
  const missing = new Map<string, number[]>();
  for (let index = 0; index < texts.length; index++) {
    const stored = await runtime.cache.get(keys[index]!);
    const vector = stored === undefined ? undefined : decode(stored, spec.dimensions);
    if (vector !== undefined) out.set(vector, index * spec.dimensions);
    else missing.set(keys[index]!, [...(missing.get(keys[index]!) ?? []), index]);
  }
  const unique = [...missing.values()];
  const batches: number[][][] = [];
  for (let start = 0; start < unique.length; start += spec.batchSize) {
    batches.push(unique.slice(start, start + spec.batchSize));
  }
  const work = batches.map((batch) =>
    runtime.limiter.run(async () => {
      if (signal?.aborted) throw abortedError(runtime.component);
      const batchTexts = batch.map((rows) => texts[rows[0]!]!);
      const vectors = await fetchBatch(runtime, spec, batchTexts, signal);
      for (let position = 0; position < batch.length; position++) {
        const vector = Float32Array.from(vectors[position]!);
        for (const row of batch[position]!) out.set(vector, row * spec.dimensions);
        await runtime.cache.set(keys[batch[position]![0]!]!, encode(vector));
      }
    }),
  );
  const settled = await Promise.allSettled(work);
  if (signal?.aborted) throw abortedError(runtime.component);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  return out;
}
