/**
 * `@borderline/runners/llama-cpp`: a user's GGUF model in-process. Needs the optional peer dependency
 * `node-llama-cpp` (3.21.1), imported when `createLlamaCpp` runs.
 */
export {
  createLlamaCpp,
  type LlamaCppClassifier,
  type LlamaCppClassifierOptions,
  type LlamaCppProvider,
  type LlamaCppSettings,
} from './llama-cpp';
