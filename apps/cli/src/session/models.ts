import { BorderlineError } from '@borderline/core';
import type { RunStore } from '@borderline/loop/store';
import {
  type Classifier,
  createGemini,
  createLlamaCpp,
  createLocalClassifier,
  createLocalEmbedder,
  createOpenAICompatible,
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

/** Builds the run's models from its configuration and the environment. */
export async function createRunModels(
  config: RunConfig,
  env: Environment,
  store?: RunStore,
): Promise<RunModels> {
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
        trainer: createLocalClassifier({ size, embedder, seed: config.loop.seed }),
        load: async (runStore, version) =>
          loadLocalClassifier(await runStore.readModelBytes(version), { embedder }),
      };
    }
    case 'openai': {
      const apiKey = keyFrom(env, 'OPENAI_API_KEY', config.baseUrl === undefined);
      const provider = createOpenAICompatible({
        ...(config.baseUrl === undefined ? {} : { baseURL: config.baseUrl }),
        ...(apiKey === undefined ? {} : { apiKey }),
        ...(responses === undefined ? {} : { store: responses }),
        seed: config.loop.seed,
      });
      const starting = provider.classifier({
        model: config.model,
        policy: { description, labels },
        seed: config.loop.seed,
      });
      return { embedder, starting, trainer: starting, load: async () => undefined };
    }
    case 'gemini': {
      const apiKey = keyFrom(env, 'GEMINI_API_KEY', true);
      const provider = createGemini({
        apiKey,
        ...(responses === undefined ? {} : { store: responses }),
        seed: config.loop.seed,
      });
      const starting = provider.classifier({
        model: config.model,
        policy: { description, labels },
        seed: config.loop.seed,
      });
      return { embedder, starting, trainer: starting, load: async () => undefined };
    }
    case 'llama-cpp': {
      // The engine is an optional peer dependency; createLlamaCpp says how to install it when it is missing.
      const provider = await createLlamaCpp({ modelPath: config.model });
      const starting = provider.classifier({ policy: { description, labels }, seed: config.loop.seed });
      return { embedder, starting, trainer: starting, load: async () => undefined };
    }
    default: {
      const unreachable: never = config.runner;
      throw new BorderlineError({ code: 'internal', message: `runner: unknown ${String(unreachable)}` });
    }
  }
}
