/**
 * `@borderline/runners/openai`: the OpenAI-compatible runner (OpenAI, Ollama, vLLM, llama.cpp's server). Needs the
 * optional peer dependency `openai` (6.49.0), imported on the first request.
 */
export type { BatchOptions, BatchProgress } from '../hosted/batch-protocol';
export { OPENAI_BATCH_LIMITS } from '../hosted/openai-batch';
export type { OpenAIClassifier, OpenAIClassifierOptions } from '../hosted/openai-classifier';
export type { OpenAICompatibleSettings } from '../hosted/openai-client';
export { createOpenAICompatible, type OpenAICompatibleProvider } from '../hosted/openai-compatible';
export type { OpenAIEmbedderOptions } from '../hosted/openai-embedder';
export type { FineTuneOptions } from '../hosted/openai-fine-tune';
