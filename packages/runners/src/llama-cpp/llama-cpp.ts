import { existsSync } from 'node:fs';
import { BorderlineError, type Example, throwIfAborted } from '@borderline/core';
import type {
  Llama,
  LlamaContext,
  LlamaEmbeddingContext,
  LlamaGrammar,
  LlamaModel,
  Token,
} from 'node-llama-cpp';
import { z } from 'zod';
import type { Annotator, CallOptions, Classifier, Embedder } from '../contracts';
import type { LabelOutcome } from '../hosted/label-runner';
import { toProbabilities } from '../hosted/label-runner';
import { createLimiter } from '../hosted/limiter';
import { createModelAnnotator, type ModelAnnotatorOptions } from '../hosted/model-annotator';
import {
  chooseExamples,
  exampleSchema,
  type HostedPolicy,
  hostedPolicySchema,
  policyLabels,
  systemInstruction,
} from '../hosted/prompt';
import { parseSettings } from '../hosted/settings';
import { loadNodeLlamaCpp, type NodeLlamaCpp } from './load-engine';

/** Settings of {@link createLlamaCpp}. */
export interface LlamaCppSettings {
  /** Path of the user's GGUF file. */
  readonly modelPath: string;
  /** `false` (default) runs on the CPU; `'auto'` lets node-llama-cpp pick a GPU. */
  readonly gpu?: false | 'auto';
  /** Context length in tokens (default 2048, capped by the model's). */
  readonly contextSize?: number;
  /** CPU threads (default: node-llama-cpp's choice). */
  readonly threads?: number;
  /** Replaces the dynamic import of node-llama-cpp (tests of the missing-package error). */
  readonly importer?: () => Promise<NodeLlamaCpp>;
}

/** Options of a llama.cpp classifier; `adapt` re-prompts with the examples (few-shot). */
export interface LlamaCppClassifierOptions {
  readonly policy: HostedPolicy;
  readonly examples?: readonly Example[];
  /** Largest few-shot prompt (default 8 examples: local contexts are short). */
  readonly maxExamples?: number;
  readonly seed?: number;
}

const settingsSchema = z.object({
  modelPath: z.string().min(1),
  gpu: z.union([z.literal(false), z.literal('auto')]).optional(),
  contextSize: z.number().int().min(64).optional(),
  threads: z.number().int().min(1).optional(),
  importer: z.custom<() => Promise<NodeLlamaCpp>>((value) => typeof value === 'function').optional(),
});

const classifierSchema = z.object({
  policy: hostedPolicySchema,
  examples: z.array(exampleSchema).optional(),
  maxExamples: z.number().int().min(0).max(256).optional(),
  seed: z.number().finite().optional(),
});

/** A llama.cpp classifier with its raw outcomes. */
export interface LlamaCppClassifier extends Classifier {
  label(texts: readonly string[], options?: CallOptions): Promise<LabelOutcome[]>;
}

/** A loaded GGUF model: classifiers, an embedder and annotators over it. Call `dispose` to free the memory. */
export interface LlamaCppProvider {
  readonly modelPath: string;
  classifier(options: LlamaCppClassifierOptions): LlamaCppClassifier;
  embedder(): Embedder;
  annotator(options: LlamaCppClassifierOptions & ModelAnnotatorOptions): Annotator;
  dispose(): Promise<void>;
}

interface Engine {
  readonly llama: Llama;
  readonly model: LlamaModel;
  readonly module: NodeLlamaCpp;
  readonly context: () => Promise<LlamaContext>;
  readonly embedding: () => Promise<LlamaEmbeddingContext>;
}

const component = 'llama-cpp';

function engineError(message: string, cause: unknown): BorderlineError {
  return new BorderlineError({
    code: 'runner',
    message: `${component}: ${message}`,
    cause,
    retryable: false,
  });
}

async function loadEngine(settings: LlamaCppSettings): Promise<Engine> {
  const module = await loadNodeLlamaCpp(settings.importer);
  let llama: Llama;
  let model: LlamaModel;
  try {
    llama = await module.getLlama({
      gpu: settings.gpu ?? false,
      build: 'never',
      logLevel: module.LlamaLogLevel.error,
      logger: () => {},
      progressLogs: false,
    });
    model = await llama.loadModel({ modelPath: settings.modelPath });
  } catch (error) {
    throw engineError(
      `cannot load ${settings.modelPath}: ${error instanceof Error ? error.message : error}`,
      error,
    );
  }
  const contextSize = Math.min(settings.contextSize ?? 2048, model.trainContextSize);
  const threads = settings.threads === undefined ? {} : { threads: settings.threads };
  let context: Promise<LlamaContext> | undefined;
  let embedding: Promise<LlamaEmbeddingContext> | undefined;
  return {
    llama,
    model,
    module,
    context: () => {
      context ??= model.createContext({ contextSize, ...threads });
      return context;
    },
    embedding: () => {
      embedding ??= model.createEmbeddingContext({ contextSize, ...threads });
      return embedding;
    },
  };
}

/** The completion prompt: the policy, the examples as answered texts, then the text. */
function promptFor(system: string, shots: readonly string[], text: string): string {
  return `${system}\n\n${shots.join('')}Text: ${text.replace(/\s+/g, ' ')}\nAnswer: `;
}

/** The token that starts `continuation` after `prefix`, found by tokenizing both (robust to any tokenizer). */
function firstTokenAfter(model: LlamaModel, prefix: string, continuation: string): Token | undefined {
  const before = model.tokenize(prefix);
  const after = model.tokenize(prefix + continuation);
  for (let index = 0; index < before.length; index++) if (before[index] !== after[index]) return undefined;
  return after[before.length];
}

/**
 * P(positive) from the next-token distribution where the label begins: the probability of the first token of each
 * label name, renormalised. Undefined when both names start with the same token.
 */
async function labelProbability(
  engine: Engine,
  context: LlamaContext,
  prefix: string,
  labels: readonly [string, string],
): Promise<number | undefined> {
  const negative = firstTokenAfter(engine.model, prefix, labels[0]);
  const positive = firstTokenAfter(engine.model, prefix, labels[1]);
  if (negative === undefined || positive === undefined || negative === positive) return undefined;
  const sequence = context.getSequence();
  try {
    const steps = sequence.evaluateWithMetadata(
      engine.model.tokenize(prefix),
      { probabilities: true },
      {
        // The full distribution, untruncated; the sampled token itself is discarded.
        temperature: 1,
        topK: 0,
        topP: 1,
        minP: 0,
        seed: 0,
      },
    );
    const first = await steps.next();
    await steps.return();
    if (first.done) return undefined;
    const pNegative = first.value.probabilities.get(negative) ?? 0;
    const pPositive = first.value.probabilities.get(positive) ?? 0;
    return pNegative + pPositive > 0 ? pPositive / (pNegative + pPositive) : undefined;
  } finally {
    sequence.dispose();
  }
}

async function labelOne(
  engine: Engine,
  grammar: LlamaGrammar,
  prompt: string,
  labels: readonly [string, string],
  signal: AbortSignal | undefined,
): Promise<LabelOutcome> {
  const context = await engine.context();
  const sequence = context.getSequence();
  let answer: string;
  try {
    const completion = new engine.module.LlamaCompletion({ contextSequence: sequence });
    answer = await completion.generateCompletion(prompt, {
      grammar,
      maxTokens: 64,
      temperature: 0,
      ...(signal === undefined ? {} : { signal }),
    });
    completion.dispose();
  } catch (error) {
    throwIfAborted(signal, component);
    throw engineError(`generation failed: ${error instanceof Error ? error.message : error}`, error);
  } finally {
    sequence.dispose();
  }
  throwIfAborted(signal, component);
  let name: unknown;
  try {
    name = (JSON.parse(answer) as { label?: unknown }).label;
  } catch {
    return { status: 'unavailable', reason: `answer is not JSON: ${answer.slice(0, 80)}` };
  }
  const label = name === labels[1] ? 1 : name === labels[0] ? 0 : undefined;
  if (label === undefined)
    return { status: 'unavailable', reason: `label is not one of ${labels.join(', ')}` };
  const probability = await labelProbability(engine, context, `${prompt}{"label":"`, labels);
  return { status: 'labelled', label, probability: probability ?? label };
}

/** A GBNF literal. */
function gbnfLiteral(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * The grammar of the answer: exactly `{"label":"<negative>"}` or `{"label":"<positive>"}`, no whitespace, so even
 * a weak model ends in a few tokens and the answer always parses.
 */
export function labelGrammar(labels: readonly [string, string]): string {
  const answers = labels.map((name) => gbnfLiteral(`{"label":${JSON.stringify(name)}}`));
  return `root ::= ${answers.join(' | ')}`;
}

function createClassifier(
  engine: Engine,
  run: ReturnType<typeof createLimiter>,
  raw: LlamaCppClassifierOptions,
  version: number,
): LlamaCppClassifier {
  const options = parseSettings(
    `${component} classifier`,
    classifierSchema,
    raw,
  ) as LlamaCppClassifierOptions;
  const labels = policyLabels(options.policy);
  const examples = chooseExamples(options.examples ?? [], options.maxExamples ?? 8, options.seed ?? 0);
  const system = systemInstruction(options.policy);
  const shots = examples.map(
    (example) =>
      `Text: ${example.text.replace(/\s+/g, ' ')}\nAnswer: ${JSON.stringify({ label: labels[example.label] })}\n\n`,
  );
  let grammar: Promise<LlamaGrammar> | undefined;
  const label = async (texts: readonly string[], call?: CallOptions): Promise<LabelOutcome[]> => {
    grammar ??= engine.llama.createGrammar({ grammar: labelGrammar(labels) });
    const compiled = await grammar;
    const outcomes: LabelOutcome[] = [];
    for (const text of texts) {
      throwIfAborted(call?.signal, component);
      outcomes.push(
        await run.run(() => labelOne(engine, compiled, promptFor(system, shots, text), labels, call?.signal)),
      );
    }
    return outcomes;
  };
  return {
    specificationVersion: 'v1',
    provider: component,
    modelId: `${component}:${engine.model.filename ?? 'model'}`,
    version,
    label,
    classify: async (texts, call) => toProbabilities(await label(texts, call)),
    adapt: async (adaptExamples, adaptOptions) => {
      throwIfAborted(adaptOptions?.signal, component);
      return createClassifier(engine, run, { ...options, examples: adaptExamples }, version + 1);
    },
  };
}

function createEmbedder(engine: Engine, run: ReturnType<typeof createLimiter>): Embedder {
  const dimensions = engine.model.embeddingVectorSize;
  return {
    specificationVersion: 'v1',
    provider: component,
    modelId: `${component}:${engine.model.filename ?? 'model'}:${dimensions}`,
    dimensions,
    async embed(texts, call) {
      const out = new Float32Array(texts.length * dimensions);
      const context = await engine.embedding();
      for (let row = 0; row < texts.length; row++) {
        throwIfAborted(call?.signal, component);
        // An empty text has no tokens and llama.cpp returns no vector for it: it is embedded as one space instead.
        const text = texts[row] === '' ? ' ' : texts[row]!;
        const embedding = await run.run(() => context.getEmbeddingFor(text));
        if (embedding.vector.length !== dimensions) {
          throw engineError(
            `embedding of length ${embedding.vector.length}, expected ${dimensions}`,
            undefined,
          );
        }
        out.set(embedding.vector, row * dimensions);
      }
      return out;
    },
  };
}

/**
 * Loads a user's GGUF file in-process with node-llama-cpp (imported lazily; an optional peer dependency). Labels
 * are grammar-constrained completions of a few-shot prompt; P(positive) is read from the next-token
 * probabilities of the two label names. Async because the model is loaded before `dimensions` is known.
 */
export async function createLlamaCpp(rawSettings: LlamaCppSettings): Promise<LlamaCppProvider> {
  const settings = parseSettings(component, settingsSchema, rawSettings) as LlamaCppSettings;
  if (!existsSync(settings.modelPath)) {
    throw new BorderlineError({
      code: 'not-found',
      message: `${component}: no GGUF file at ${settings.modelPath}`,
    });
  }
  const engine = await loadEngine(settings);
  // One context, one sequence: calls take turns.
  const run = createLimiter(1);
  return {
    modelPath: settings.modelPath,
    classifier: (options) => createClassifier(engine, run, options, 0),
    embedder: () => createEmbedder(engine, run),
    annotator(options) {
      const classifier = createClassifier(engine, run, options, 0);
      return createModelAnnotator({
        id: options.id ?? classifier.modelId,
        role: options.role ?? 'model',
        labels: policyLabels(options.policy),
        label: classifier.label,
      });
    },
    async dispose() {
      await engine.model.dispose();
    },
  };
}
