import { type Example, throwIfAborted } from '@borderline/core';
import type { Content, GenerateContentResponse } from '@google/genai';
import { z } from 'zod';
import type { Annotator, CallOptions, Classifier, Embedder } from '../contracts';
import { type BatchOptions, batchOptionsSchema } from './batch-protocol';
import { runBatchLabels } from './batch-runner';
import { checkVectors, type EmbedRequest, runEmbeddings } from './embed-runner';
import { type GeminiEnumCodec, geminiBatchProtocol } from './gemini-batch';
import {
  createGeminiContext,
  type GeminiContext,
  type GeminiSettings,
  geminiAttemptFetch,
  judgeGeminiError,
} from './gemini-client';
import { type LabelOutcome, type LabelRequest, runLabels, toProbabilities } from './label-runner';
import { probabilityFromLogprobs, type TokenLogprob } from './logprobs';
import { createModelAnnotator, type ModelAnnotatorOptions } from './model-annotator';
import {
  chooseExamples,
  fewShotTurns,
  type HostedPolicy,
  hostedClassifierShape,
  policyLabels,
  systemInstruction,
} from './prompt';
import { MalformedAnswer } from './retry';
import { parseSettings } from './settings';

/** Options of a Gemini classifier; `adapt` re-prompts in context with the examples given. */
export interface GeminiClassifierOptions {
  /** e.g. `gemini-2.5-flash`. */
  readonly model: string;
  readonly policy: HostedPolicy;
  readonly examples?: readonly Example[];
  /** Largest few-shot prompt (default 16 examples). */
  readonly maxExamples?: number;
  readonly seed?: number;
  /** Ask for log-probabilities to turn the label into P(positive) (default true). */
  readonly logprobs?: boolean;
  /**
   * Score through Gemini's batch mode (inline requests) instead of one request per text (same requests, same
   * parsing; answers in the same cache). The versions `adapt` makes keep it.
   */
  readonly batch?: BatchOptions;
}

/** Options of a Gemini embedder. */
export interface GeminiEmbedderOptions {
  /** e.g. `gemini-embedding-001`. */
  readonly model: string;
  readonly dimensions: number;
  /** Send `outputDimensionality` (default false). */
  readonly requestDimensions?: boolean;
  /** e.g. `CLASSIFICATION`, `CLUSTERING`. */
  readonly taskType?: string;
  /** Texts per request (default 100, the API's batch limit). */
  readonly batchSize?: number;
}

const classifierSchema = z.object({ ...hostedClassifierShape, batch: batchOptionsSchema.optional() });

const embedderSchema = z.object({
  model: z.string().min(1),
  dimensions: z.number().int().positive(),
  requestDimensions: z.boolean().optional(),
  taskType: z.string().min(1).optional(),
  batchSize: z.number().int().min(1).max(100).optional(),
});

/** A Gemini classifier with its raw outcomes. */
export interface GeminiClassifier extends Classifier {
  label(texts: readonly string[], options?: CallOptions): Promise<LabelOutcome[]>;
}

/** Reads the enum answer; P(positive) from the first step's top candidates when present, else 0 or 1. */
export function parseGeminiResponse(
  response: GenerateContentResponse,
  labels: readonly [string, string],
): { label: 0 | 1; probability: number } {
  const candidate = response.candidates?.[0];
  const text = candidate?.content?.parts?.map((part) => part.text ?? '').join('');
  if (text === undefined || text === '')
    throw new MalformedAnswer(`no answer text (${candidate?.finishReason ?? 'no candidate'})`);
  const answer = text.trim();
  const label = answer === labels[1] ? 1 : answer === labels[0] ? 0 : undefined;
  if (label === undefined) throw new MalformedAnswer(`answer is not one of ${labels.join(', ')}`);
  const steps = candidate?.logprobsResult;
  const tokens: TokenLogprob[] | undefined = steps?.chosenCandidates?.map((chosen, index) => ({
    token: chosen.token ?? '',
    logprob: chosen.logProbability ?? Number.NEGATIVE_INFINITY,
    top: (steps.topCandidates?.[index]?.candidates ?? []).map((top) => ({
      token: top.token ?? '',
      logprob: top.logProbability ?? Number.NEGATIVE_INFINITY,
    })),
  }));
  const start = text.indexOf(answer);
  const probability =
    tokens === undefined || tokens.length === 0
      ? undefined
      : probabilityFromLogprobs(tokens, text, start, labels, label);
  return { label, probability: probability ?? label };
}

/** The request parts and the answer parser of one prompt: one implementation for both paths. */
function enumCodec(options: GeminiClassifierOptions): GeminiEnumCodec & { readonly prompt: string } {
  const labels = policyLabels(options.policy);
  const examples = chooseExamples(options.examples ?? [], options.maxExamples ?? 16, options.seed ?? 0);
  const systemText = systemInstruction(options.policy);
  const shots: Content[] = fewShotTurns(examples, labels, (label) => label).map((turn) => ({
    role: turn.role === 'assistant' ? 'model' : 'user',
    parts: [{ text: turn.content }],
  }));
  const wantLogprobs = options.logprobs ?? true;
  return {
    prompt: JSON.stringify({ systemText, shots, labels, wantLogprobs }),
    contents: (text) => [...shots, { role: 'user', parts: [{ text }] }],
    config: (sdk) => ({
      systemInstruction: systemText,
      responseMimeType: 'text/x.enum',
      responseSchema: { type: sdk.Type.STRING, enum: [labels[0], labels[1]] },
      temperature: 0,
      ...(wantLogprobs ? { responseLogprobs: true, logprobs: 5 } : {}),
    }),
    // The SDK's wire form of the same request (systemInstruction as a content, the config as generationConfig).
    wireRequest: (text) => ({
      contents: [...shots, { role: 'user', parts: [{ text }] }],
      systemInstruction: { parts: [{ text: systemText }], role: 'user' },
      generationConfig: {
        responseMimeType: 'text/x.enum',
        responseSchema: { type: 'STRING', enum: [labels[0], labels[1]] },
        temperature: 0,
        ...(wantLogprobs ? { responseLogprobs: true, logprobs: 5 } : {}),
      },
    }),
    parse: (response) => parseGeminiResponse(response, labels),
  };
}

/** The label request of one prompt: an enum-constrained `generateContent` per text. */
function enumLabelSpec(
  context: GeminiContext,
  codec: ReturnType<typeof enumCodec>,
  model: string,
): LabelRequest {
  return {
    provider: 'gemini',
    model,
    prompt: codec.prompt,
    judge: judgeGeminiError(context),
    request: async (text, signal, judgeWith) => {
      const fetch = geminiAttemptFetch(context, judgeWith);
      const { sdk, client } = await context.client();
      const response = await client.models.generateContent({
        model,
        contents: codec.contents(text),
        config: { ...codec.config(sdk), abortSignal: signal, httpOptions: { fetch } },
      });
      return codec.parse(response);
    },
  };
}

function geminiClassifier(
  context: GeminiContext,
  raw: GeminiClassifierOptions,
  version: number,
): GeminiClassifier {
  const options = parseSettings('gemini classifier', classifierSchema, raw) as GeminiClassifierOptions;
  const codec = enumCodec(options);
  const spec = enumLabelSpec(context, codec, options.model);
  const { batch } = options;
  const protocol =
    batch === undefined ? undefined : geminiBatchProtocol(context, options.model, codec, batch?.input);
  const label = (texts: readonly string[], call?: CallOptions) =>
    batch === undefined || protocol === undefined
      ? runLabels(context.runtime, spec, texts, call?.signal)
      : runBatchLabels(context.runtime, spec, protocol, batch, texts, call?.signal);
  return {
    specificationVersion: 'v1',
    provider: 'gemini',
    modelId: `gemini:${options.model}`,
    version,
    label,
    classify: async (texts, call) => toProbabilities(await label(texts, call)),
    adapt: async (adaptExamples, adaptOptions) => {
      throwIfAborted(adaptOptions?.signal, 'gemini');
      return geminiClassifier(context, { ...options, examples: adaptExamples }, version + 1);
    },
  };
}

function geminiEmbedder(context: GeminiContext, raw: GeminiEmbedderOptions): Embedder {
  const options = parseSettings('gemini embedder', embedderSchema, raw) as GeminiEmbedderOptions;
  const { dimensions } = options;
  const spec: EmbedRequest = {
    provider: 'gemini',
    model: options.model,
    prompt: JSON.stringify({
      dimensions,
      request: options.requestDimensions ?? false,
      task: options.taskType ?? '',
    }),
    dimensions,
    batchSize: options.batchSize ?? 100,
    judge: judgeGeminiError(context),
    request: async (texts, signal, judgeWith) => {
      const fetch = geminiAttemptFetch(context, judgeWith);
      const { client } = await context.client();
      const response = await client.models.embedContent({
        model: options.model,
        contents: [...texts],
        config: {
          ...(options.requestDimensions ? { outputDimensionality: dimensions } : {}),
          ...(options.taskType === undefined ? {} : { taskType: options.taskType }),
          abortSignal: signal,
          httpOptions: { fetch },
        },
      });
      const vectors = (response.embeddings ?? []).map((embedding) => embedding.values ?? []);
      checkVectors(vectors, texts.length, dimensions);
      return vectors;
    },
  };
  return {
    specificationVersion: 'v1',
    provider: 'gemini',
    modelId: `gemini:${options.model}:${dimensions}`,
    dimensions,
    embed: (texts, call) => runEmbeddings(context.runtime, spec, texts, call?.signal),
  };
}

/** Classifiers, embedders and annotators of the Gemini API, sharing one limit, cache and retry budget. */
export interface GeminiProvider {
  classifier(options: GeminiClassifierOptions): GeminiClassifier;
  embedder(options: GeminiEmbedderOptions): Embedder;
  annotator(options: GeminiClassifierOptions & ModelAnnotatorOptions): Annotator;
}

/** Gemini through `@google/genai`: enum-constrained `generateContent`, batched `embedContent`. */
export function createGemini(settings?: GeminiSettings): GeminiProvider {
  const context = createGeminiContext(settings);
  return {
    classifier: (options) => geminiClassifier(context, options, 0),
    embedder: (options) => geminiEmbedder(context, options),
    annotator(options) {
      const classifier = geminiClassifier(context, options, 0);
      return createModelAnnotator({
        id: options.id ?? classifier.modelId,
        role: options.role ?? 'model',
        labels: policyLabels(options.policy),
        label: classifier.label,
      });
    },
  };
}
