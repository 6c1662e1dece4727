import { BorderlineError } from '@borderline/core';
import type { RunStore } from '@borderline/loop/store';
import {
  type Classifier,
  createLocalClassifier,
  createLocalEmbedder,
  createZeroShotClassifier,
  type Embedder,
  loadLocalClassifier,
  resolveCacheDir,
  type SavableClassifier,
} from '@borderline/runners';
import type { RunConfig } from './run-config';

/** The models of a run: the embedder of the pool, M_0 (LLM-0), and the model that is fine-tuned. */
export interface RunModels {
  readonly embedder: Embedder;
  /** M_0: scores the pool for the first selection and is measured as iteration 0. */
  readonly starting: Classifier;
  /** Adapted at iteration 1 (for local runs, an untrained local classifier; for hosted runs, M_0 itself). */
  readonly trainer: Classifier;
  /** Reads model version `version` (>= 1) back from the run, or undefined when the runner cannot save models. */
  load(store: RunStore, version: number): Promise<Classifier | undefined>;
}

// PENDING: the hosted factories are not exported by @borderline/runners yet; switch to named imports once they are.
function hostedFactories(): {
  createOpenAICompatible: (settings: object) => { classifier(options: object): Classifier };
  createGemini: (settings: object) => { classifier(options: object): Classifier };
} {
  throw new BorderlineError({
    code: 'invalid-argument',
    message: 'runner: hosted runners are not available in this build',
  });
}

/** What the environment may hold; keys are read from here only, never from the run or the command line. */
export type Environment = Readonly<Record<string, string | undefined>>;

function isSavable(classifier: Classifier): classifier is SavableClassifier {
  return typeof (classifier as Partial<SavableClassifier>).save === 'function';
}

/** Saves a model version into the run: local models as a hashed file, hosted ones as a row naming them. */
export async function saveModelVersion(
  store: RunStore,
  version: number,
  classifier: Classifier,
): Promise<void> {
  await store.saveModel({
    version,
    provider: classifier.provider,
    modelId: classifier.modelId,
    ...(isSavable(classifier) ? { bytes: classifier.save() } : {}),
  });
}

function requireKey(env: Environment, name: string, runner: string): string | undefined {
  const key = env[name];
  if (key === undefined || key === '') {
    if (runner === 'openai-default') {
      throw new BorderlineError({
        code: 'invalid-argument',
        message: `runner: ${name} is not set; export it in the environment (keys are never read from the command line or the run)`,
      });
    }
    return undefined;
  }
  return key;
}

/** Builds the run's models from its configuration and the environment. */
export function createRunModels(config: RunConfig, env: Environment, store?: RunStore): RunModels {
  const embedder = createLocalEmbedder({ cacheDir: resolveCacheDir(env as NodeJS.ProcessEnv) });
  const description = config.dataset.task;
  const labels = config.dataset.labels;
  const responses = store === undefined ? undefined : { get: store.getResponse, set: store.setResponse };
  switch (config.runner) {
    case 'local': {
      const size = config.model === 'small' ? 'small' : 'large';
      return {
        embedder,
        starting: createZeroShotClassifier({ policy: description, embedder }),
        trainer: createLocalClassifier({ size, embedder, seed: config.seed }),
        load: async (runStore, version) =>
          loadLocalClassifier(await runStore.readModelBytes(version), { embedder }),
      };
    }
    case 'openai': {
      const apiKey = requireKey(
        env,
        'OPENAI_API_KEY',
        config.baseUrl === undefined ? 'openai-default' : 'openai',
      );
      const provider = hostedFactories().createOpenAICompatible({
        ...(config.baseUrl === undefined ? {} : { baseURL: config.baseUrl }),
        ...(apiKey === undefined ? {} : { apiKey }),
        ...(responses === undefined ? {} : { store: responses }),
        seed: config.seed,
      });
      const starting = provider.classifier({
        model: config.model,
        policy: { description, labels },
        seed: config.seed,
      });
      return { embedder, starting, trainer: starting, load: async () => undefined };
    }
    case 'gemini': {
      const apiKey = env.GEMINI_API_KEY;
      if (apiKey === undefined || apiKey === '') {
        throw new BorderlineError({
          code: 'invalid-argument',
          message:
            'runner: GEMINI_API_KEY is not set; export it in the environment (keys are never read from the command line or the run)',
        });
      }
      const provider = hostedFactories().createGemini({
        apiKey,
        ...(responses === undefined ? {} : { store: responses }),
        seed: config.seed,
      });
      const starting = provider.classifier({
        model: config.model,
        policy: { description, labels },
        seed: config.seed,
      });
      return { embedder, starting, trainer: starting, load: async () => undefined };
    }
    case 'llama-cpp':
      throw new BorderlineError({
        code: 'invalid-argument',
        message:
          "runner: llama-cpp is not wired into the CLI yet; use --runner openai with llama.cpp's server (--base-url)",
      });
    default: {
      const unreachable: never = config.runner;
      throw new BorderlineError({ code: 'internal', message: `runner: unknown ${String(unreachable)}` });
    }
  }
}
