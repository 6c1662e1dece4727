import { BorderlineError } from '@borderline/core';
import {
  type BatchOptions,
  type Classifier,
  createLocalClassifier,
  createLocalEmbedder,
  createUseLiteEmbedder,
  createZeroShotClassifier,
  type Embedder,
  type HostedWarning,
  loadLocalClassifier,
  resolveCacheDir,
  withEmbeddingCache,
} from '@borderline/runners';
import { createGemini } from '@borderline/runners/gemini';
import { createLlamaCpp } from '@borderline/runners/llama-cpp';
import { createOpenAICompatible } from '@borderline/runners/openai';
import { createReasonLog, guardAnswers, type UnavailableAnswers } from './answer-guard';
import { type EmbedderName, embedderOf, type RunConfig } from './run-config';

/** The models of a run: the embedder of the pool, M_0 (LLM-0), and the model that is fine-tuned. */
export interface RunModels {
  readonly embedder: Embedder;
  /** M_0: scores the pool for the first selection and is measured as iteration 0. */
  readonly starting: Classifier;
  /**
   * The base every version is adapted from, on all fine-tune examples so far (for local runs an untrained local
   * classifier; for hosted runs M_0 itself).
   */
  readonly trainer: Classifier;
  /** Reads a saved model version back from its bytes; absent when the runner cannot save models. */
  readonly loadModel?: (bytes: Uint8Array) => Promise<Classifier>;
  /** For hosted runners: what the run waits for (the model and its endpoint, never a key) and how long at most. */
  readonly waitsFor?: string;
}

/** How a command wants its models: where warnings go, the hosted time bounds, what hears of unavailable answers. */
export interface RunModelOptions {
  readonly onWarning?: (message: string) => void;
  /** Per-request timeout of a hosted runner, in milliseconds (the runner's default when absent). */
  readonly timeoutMs?: number;
  /** Bound on one request's attempts and waits together, in milliseconds. */
  readonly maxRetryTimeMs?: number;
  /** Told of each chunk that failed because a hosted model's answers were unavailable. */
  readonly onUnavailable?: (answers: UnavailableAnswers) => void;
  /** Hosted runners with a batch API (openai, gemini): score through it (`--batch`). */
  readonly batch?: BatchOptions;
}

/** The hosted runners' defaults, as the runners apply them (said in the "waiting for" line). */
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRY_TIME_MS = 180_000;

function hostedEndpoint(config: RunConfig): string {
  if (config.runner === 'gemini') return 'https://generativelanguage.googleapis.com';
  return config.baseUrl ?? 'https://api.openai.com/v1';
}

function waitsFor(config: RunConfig, options: RunModelOptions): string {
  const timeout = (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000;
  const total = (options.maxRetryTimeMs ?? DEFAULT_MAX_RETRY_TIME_MS) / 1000;
  return `waiting for ${config.model} at ${hostedEndpoint(config)}: up to ${timeout} s per request, ${total} s with retries (--timeout, --max-retry-time)`;
}

/** The settings every hosted runner of a run gets from the command. */
function hostedSettings(options: RunModelOptions, reasons: ReturnType<typeof createReasonLog>) {
  return {
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    ...(options.maxRetryTimeMs === undefined ? {} : { maxRetryTime: options.maxRetryTimeMs }),
    onWarning: (warning: HostedWarning) => {
      if (warning.type === 'malformed-answer') reasons.add(warning.reason);
      else
        options.onWarning?.(
          `no answer yet (attempt ${warning.attempt}: ${warning.reason}); retrying in ${(warning.delayMs / 1000).toFixed(1)} s`,
        );
    },
  };
}

type ResponseGet = (key: string) => Promise<string | undefined>;
type ResponseSet = (key: string, value: string) => Promise<void>;

/** What the environment may hold; keys are read from here only, never from the run or the command line. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The API key from the environment. Required for the provider's own endpoint; optional for a local
 * OpenAI-compatible server (`--base-url`), which often needs none.
 */
function keyFrom(env: Environment, name: string, required: boolean): string | undefined {
  const key = env[name];
  if (key !== undefined && key !== '') return key;
  if (!required) return undefined;
  throw new BorderlineError({
    code: 'invalid-argument',
    message: `runner: ${name} is not set; export it in the environment (keys are never read from the command line or the run)`,
  });
}

/**
 * The run's local embedder: USE-lite behind the content cache of the cache directory (a second run over the same
 * texts embeds nothing; the run store keeps the run's own vectors too), or the GloVe average.
 */
export function createRunEmbedder(
  name: EmbedderName,
  env: Environment,
  onWarning?: (message: string) => void,
): Embedder {
  const cacheDir = resolveCacheDir(env as NodeJS.ProcessEnv);
  if (name === 'glove') return createLocalEmbedder({ cacheDir });
  return withEmbeddingCache(createUseLiteEmbedder(), {
    cacheDir,
    ...(onWarning === undefined ? {} : { onWarning }),
  });
}

/** Builds the run's models from its configuration and the environment. */
export async function createRunModels(
  config: RunConfig,
  env: Environment,
  store?: { readonly getResponse: ResponseGet; readonly setResponse: ResponseSet },
  options: RunModelOptions = {},
): Promise<RunModels> {
  const embedder = createRunEmbedder(embedderOf(config), env, options.onWarning);
  const reasons = createReasonLog();
  const guard = (classifier: Classifier) =>
    guardAnswers(classifier, reasons, (answers) => options.onUnavailable?.(answers));
  const description = config.dataset.task;
  const labels = config.dataset.labels;
  const responses = store === undefined ? undefined : { get: store.getResponse, set: store.setResponse };
  switch (config.runner) {
    case 'local': {
      const size = config.model === 'small' ? 'small' : 'large';
      return {
        embedder,
        starting: createZeroShotClassifier({ policy: description, embedder }),
        trainer: createLocalClassifier({ size, embedder, seed: config.loop.seed }),
        loadModel: async (bytes) => loadLocalClassifier(bytes, { embedder }),
      };
    }
    case 'openai': {
      const apiKey = keyFrom(env, 'OPENAI_API_KEY', config.baseUrl === undefined);
      const provider = createOpenAICompatible({
        ...(config.baseUrl === undefined ? {} : { baseURL: config.baseUrl }),
        ...(apiKey === undefined ? {} : { apiKey }),
        ...(responses === undefined ? {} : { store: responses }),
        ...hostedSettings(options, reasons),
        seed: config.loop.seed,
      });
      const starting = guard(
        provider.classifier({
          model: config.model,
          policy: { description, labels },
          seed: config.loop.seed,
          ...(options.batch === undefined ? {} : { batch: options.batch }),
        }),
      );
      return { embedder, starting, trainer: starting, waitsFor: waitsFor(config, options) };
    }
    case 'gemini': {
      const apiKey = keyFrom(env, 'GEMINI_API_KEY', true);
      const provider = createGemini({
        apiKey,
        ...(responses === undefined ? {} : { store: responses }),
        ...hostedSettings(options, reasons),
        seed: config.loop.seed,
      });
      const starting = guard(
        provider.classifier({
          model: config.model,
          policy: { description, labels },
          seed: config.loop.seed,
          ...(options.batch === undefined ? {} : { batch: options.batch }),
        }),
      );
      return { embedder, starting, trainer: starting, waitsFor: waitsFor(config, options) };
    }
    case 'llama-cpp': {
      // The engine is an optional peer dependency; createLlamaCpp says how to install it when it is missing.
      const provider = await createLlamaCpp({ modelPath: config.model });
      const starting = guard(
        provider.classifier({ policy: { description, labels }, seed: config.loop.seed }),
      );
      return { embedder, starting, trainer: starting };
    }
    default: {
      const unreachable: never = config.runner;
      throw new BorderlineError({ code: 'internal', message: `runner: unknown ${String(unreachable)}` });
    }
  }
}
