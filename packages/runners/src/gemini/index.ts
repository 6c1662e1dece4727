/**
 * `@borderline/runners/gemini`: the Gemini runner. Needs the optional peer dependency `@google/genai` (2.32.0),
 * imported on the first request.
 */
export type { BatchOptions, BatchProgress } from '../hosted/batch-protocol';
export {
  createGemini,
  type GeminiClassifier,
  type GeminiClassifierOptions,
  type GeminiEmbedderOptions,
  type GeminiProvider,
} from '../hosted/gemini';
export { GEMINI_BATCH_LIMITS } from '../hosted/gemini-batch';
export type { GeminiSettings } from '../hosted/gemini-client';
