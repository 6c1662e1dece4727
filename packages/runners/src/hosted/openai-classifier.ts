import { type Example, throwIfAborted } from '@borderline/core';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { AdaptOptions, CallOptions, Classifier } from '../contracts';
import { type BatchOptions, batchOptionsSchema } from './batch-protocol';
import { runBatchLabels } from './batch-runner';
import { type LabelOutcome, type LabelRequest, runLabels, toProbabilities } from './label-runner';
import { probabilityFromLogprobs, type TokenLogprob } from './logprobs';
import { type OpenAIChatCodec, openAIBatchProtocol } from './openai-batch';
import { judgeOpenAIError, type OpenAIContext } from './openai-client';
import {
  type FineTuneOptions,
  fineTuneSchema,
  resumeOpenAIFineTune,
  startOpenAIFineTune,
} from './openai-fine-tune';
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

/** Options of an OpenAI-compatible classifier. */
export interface OpenAIClassifierOptions {
  /** The chat model, e.g. `gpt-4.1-mini`, `llama3.2` on Ollama. */
  readonly model: string;
  readonly policy: HostedPolicy;
  /** Few-shot examples in the prompt (at most `maxExamples`, balanced, seeded). */
  readonly examples?: readonly Example[];
  /** Largest few-shot prompt (default 16 examples). */
  readonly maxExamples?: number;
  /** Seed of the example choice (default 0). */
  readonly seed?: number;
  /** Ask for token log-probabilities to turn the label into P(positive) (default true; some servers lack them). */
  readonly logprobs?: boolean;
  /** What `adapt` does: a new few-shot prompt (default) or a provider fine-tuning job. */
  readonly adapt?: 'few-shot' | 'fine-tune';
  readonly fineTune?: FineTuneOptions;
  /**
   * Score through OpenAI's Batch API instead of one request per text (same requests, same parsing; answers in
   * the same cache). The versions `adapt` makes keep it.
   */
  readonly batch?: BatchOptions;
}

const optionsSchema = z.object({
  ...hostedClassifierShape,
  adapt: z.enum(['few-shot', 'fine-tune']).optional(),
  fineTune: fineTuneSchema.optional(),
  batch: batchOptionsSchema.optional(),
});

/** An OpenAI-compatible classifier: the contract plus the raw outcomes and fine-tuning resume. */
export interface OpenAIClassifier extends Classifier {
  /** Label and P(positive) per text, or unavailable (a malformed answer twice); `classify` maps unavailable to NaN. */
  label(texts: readonly string[], options?: CallOptions): Promise<LabelOutcome[]>;
  /** Waits for a fine-tuning job started earlier (e.g. before a crash) and returns the classifier it produced. */
  resumeFineTune(jobId: string, options?: AdaptOptions): Promise<OpenAIClassifier>;
}

function responseFormat(labels: readonly [string, string]) {
  return {
    type: 'json_schema' as const,
    json_schema: {
      name: 'label',
      strict: true,
      schema: {
        type: 'object',
        properties: { label: { type: 'string', enum: [labels[0], labels[1]] } },
        required: ['label'],
        additionalProperties: false,
      },
    },
  };
}

/** Reads `{"label": ...}` from a completion; P(positive) from logprobs when present, else 0 or 1. */
export function parseCompletion(
  completion: ChatCompletion,
  labels: readonly [string, string],
): { label: 0 | 1; probability: number } {
  const choice = completion.choices?.[0];
  const content = choice?.message?.content;
  if (typeof content !== 'string') {
    throw new MalformedAnswer(choice?.message?.refusal ? 'the model refused' : 'no message content');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw new MalformedAnswer(`content is not JSON: ${content.slice(0, 80)}`);
  }
  const name = (parsed as { label?: unknown } | null)?.label;
  const label = name === labels[1] ? 1 : name === labels[0] ? 0 : undefined;
  if (label === undefined) throw new MalformedAnswer(`label is not one of ${labels.join(', ')}`);
  const tokens: TokenLogprob[] | undefined = choice?.logprobs?.content?.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    top: entry.top_logprobs ?? [],
  }));
  const quoted = JSON.stringify(name);
  const labelStart = content.indexOf(quoted, content.indexOf('"label"') + 7) + 1;
  const probability =
    tokens === undefined || tokens.length === 0 || labelStart <= 0
      ? undefined
      : probabilityFromLogprobs(tokens, content, labelStart, labels, label);
  return { label, probability: probability ?? label };
}

/** The chat messages for one text: instruction, few-shot turns, the text. */
function messagesFor(
  system: string,
  shots: ChatCompletionMessageParam[],
  text: string,
): ChatCompletionMessageParam[] {
  return [{ role: 'system', content: system }, ...shots, { role: 'user', content: text }];
}

/** The request body and the answer parser of one prompt: one implementation for both paths. */
function chatCodec(options: OpenAIClassifierOptions): OpenAIChatCodec & { readonly prompt: string } {
  const labels = policyLabels(options.policy);
  const examples = chooseExamples(options.examples ?? [], options.maxExamples ?? 16, options.seed ?? 0);
  const system = systemInstruction(options.policy);
  const shots = fewShotTurns(examples, labels, (label) =>
    JSON.stringify({ label }),
  ) as ChatCompletionMessageParam[];
  const wantLogprobs = options.logprobs ?? true;
  const format = responseFormat(labels);
  return {
    prompt: JSON.stringify({ system, shots, format, wantLogprobs }),
    body: (text): ChatCompletionCreateParamsNonStreaming => ({
      model: options.model,
      messages: messagesFor(system, shots, text),
      temperature: 0,
      response_format: format,
      ...(wantLogprobs ? { logprobs: true, top_logprobs: 5 } : {}),
    }),
    parse: (completion) => parseCompletion(completion, labels),
  };
}

/** The label request of one prompt: what the label runner asks for each text. */
function chatLabelSpec(
  context: OpenAIContext,
  codec: ReturnType<typeof chatCodec>,
  model: string,
): LabelRequest {
  return {
    provider: context.provider,
    model,
    prompt: codec.prompt,
    judge: judgeOpenAIError(context.runtime.retry.now),
    request: async (text, signal) => {
      const client = await context.client();
      return codec.parse(await client.chat.completions.create(codec.body(text), { signal }));
    },
  };
}

/** Builds version `version` of an OpenAI-compatible classifier. */
export function createOpenAIClassifier(
  context: OpenAIContext,
  rawOptions: OpenAIClassifierOptions,
  version = 0,
): OpenAIClassifier {
  const options = parseSettings(
    'openai-compatible classifier',
    optionsSchema,
    rawOptions,
  ) as OpenAIClassifierOptions;
  const codec = chatCodec(options);
  const spec = chatLabelSpec(context, codec, options.model);
  const { batch } = options;
  const protocol = batch === undefined ? undefined : openAIBatchProtocol(context, codec);
  const label = (texts: readonly string[], call?: CallOptions) =>
    batch === undefined || protocol === undefined
      ? runLabels(context.runtime, spec, texts, call?.signal)
      : runBatchLabels(context.runtime, spec, protocol, batch, texts, call?.signal);
  const next = (model: string, nextExamples: readonly Example[]) =>
    createOpenAIClassifier(context, { ...options, model, examples: nextExamples }, version + 1);
  return {
    specificationVersion: 'v1',
    provider: context.provider,
    modelId: `${context.provider}:${options.model}`,
    version,
    label,
    classify: async (texts, call) => toProbabilities(await label(texts, call)),
    async adapt(adaptExamples, adaptOptions) {
      throwIfAborted(adaptOptions?.signal, 'openai-compatible');
      if ((options.adapt ?? 'few-shot') === 'few-shot') return next(options.model, adaptExamples);
      const model = await startOpenAIFineTune(context, {
        model: options.model,
        system: systemInstruction(options.policy),
        labels: policyLabels(options.policy),
        examples: adaptExamples,
        fineTune: options.fineTune ?? {},
        ...(adaptOptions === undefined ? {} : { adaptOptions }),
      });
      // The tuned model learned the examples; its prompt keeps only the policy.
      return next(model, []);
    },
    async resumeFineTune(jobId, adaptOptions) {
      const model = await resumeOpenAIFineTune(context, jobId, options.fineTune ?? {}, adaptOptions);
      return next(model, []);
    },
  };
}
