import { z } from 'zod';
import type { Embedder } from '../contracts';
import { checkVectors, runEmbeddings } from './embed-runner';
import { judgeOpenAIError, type OpenAIContext } from './openai-client';
import { MalformedAnswer } from './retry';
import { parseSettings } from './settings';

/** Options of an OpenAI-compatible embedder. */
export interface OpenAIEmbedderOptions {
  /** e.g. `text-embedding-3-small`, `nomic-embed-text` on Ollama. */
  readonly model: string;
  /** Length of the vectors the model returns (checked on every answer). */
  readonly dimensions: number;
  /** Send `dimensions` to the API to shorten the vectors (OpenAI's v3 models; default false). */
  readonly requestDimensions?: boolean;
  /** Texts per request (default 64). */
  readonly batchSize?: number;
}

const optionsSchema = z.object({
  model: z.string().min(1),
  dimensions: z.number().int().positive(),
  requestDimensions: z.boolean().optional(),
  batchSize: z.number().int().min(1).max(2048).optional(),
});

/** Builds an embedder over `/embeddings` with `encoding_format: 'float'`, batched and cached. */
export function createOpenAIEmbedder(context: OpenAIContext, rawOptions: OpenAIEmbedderOptions): Embedder {
  const options = parseSettings(
    'openai-compatible embedder',
    optionsSchema,
    rawOptions,
  ) as OpenAIEmbedderOptions;
  const { dimensions } = options;
  const spec = {
    provider: context.provider,
    model: options.model,
    prompt: JSON.stringify({ dimensions, requestDimensions: options.requestDimensions ?? false }),
    dimensions,
    batchSize: options.batchSize ?? 64,
    judge: judgeOpenAIError(context.runtime.retry.now),
    request: async (texts: readonly string[], signal: AbortSignal) => {
      const response = await (await context.client()).embeddings.create(
        {
          model: options.model,
          input: [...texts],
          encoding_format: 'float',
          ...(options.requestDimensions ? { dimensions } : {}),
        },
        { signal },
      );
      if (!Array.isArray(response?.data)) throw new MalformedAnswer('no data array');
      // Rows may arrive in any order; `index` says where each belongs.
      const vectors: number[][] = new Array(texts.length);
      for (const entry of response.data) {
        if (!Number.isInteger(entry.index) || entry.index < 0 || entry.index >= texts.length) {
          throw new MalformedAnswer(`embedding index ${entry.index} out of range`);
        }
        vectors[entry.index] = entry.embedding;
      }
      checkVectors(
        Array.from(vectors, (vector) => vector ?? []),
        texts.length,
        dimensions,
      );
      return vectors;
    },
  };
  return {
    specificationVersion: 'v1',
    provider: context.provider,
    modelId: `${context.provider}:${options.model}:${dimensions}`,
    dimensions,
    embed: (texts, call) => runEmbeddings(context.runtime, spec, texts, call?.signal),
  };
}
