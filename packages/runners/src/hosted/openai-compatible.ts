import type { Annotator, Embedder } from '../contracts';
import { createModelAnnotator, type ModelAnnotatorOptions } from './model-annotator';
import {
  createOpenAIClassifier,
  type OpenAIClassifier,
  type OpenAIClassifierOptions,
} from './openai-classifier';
import { createOpenAIContext, type OpenAICompatibleSettings } from './openai-client';
import { createOpenAIEmbedder, type OpenAIEmbedderOptions } from './openai-embedder';
import { policyLabels } from './prompt';

/** Classifiers, embedders and annotators of one OpenAI-compatible endpoint, sharing its limit, cache and retries. */
export interface OpenAICompatibleProvider {
  classifier(options: OpenAIClassifierOptions): OpenAIClassifier;
  embedder(options: OpenAIEmbedderOptions): Embedder;
  annotator(options: OpenAIClassifierOptions & ModelAnnotatorOptions): Annotator;
}

/**
 * One adapter for OpenAI, Ollama, vLLM and llama.cpp's server: point `baseURL` at the server. The key comes from
 * `apiKey` or `OPENAI_API_KEY` (required only when `baseURL` is OpenAI's default).
 */
export function createOpenAICompatible(settings?: OpenAICompatibleSettings): OpenAICompatibleProvider {
  const context = createOpenAIContext(settings);
  return {
    classifier: (options) => createOpenAIClassifier(context, options),
    embedder: (options) => createOpenAIEmbedder(context, options),
    annotator(options) {
      const classifier = createOpenAIClassifier(context, options);
      return createModelAnnotator({
        id: options.id ?? classifier.modelId,
        role: options.role ?? 'model',
        labels: policyLabels(options.policy),
        label: classifier.label,
      });
    },
  };
}
