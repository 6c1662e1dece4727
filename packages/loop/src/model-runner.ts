import { invalidArgument } from '@borderline/core';
import type { Classifier, Embedder } from '@borderline/runners';
import type { CurationPool } from './run-curation';
import type { IndexedExample } from './types';

/** The driver's model side: the pool's vectors, the current model and its latest pool scores. */
export interface ModelRunner {
  readonly embeddings: Float32Array;
  readonly dimensions: number;
  /** P(positive) and the thresholded label per pool item, from the latest `scorePool`. */
  readonly scores: Float64Array;
  readonly predicted: Uint8Array;
  current(): Classifier;
  /** Scores the whole pool with the current model; returns how many items it predicts positive. */
  scorePool(threshold: number): Promise<number>;
  scoreItems(items: readonly number[]): Promise<Float64Array>;
  /** Replaces the current model with one adapted on the examples. */
  adapt(examples: readonly IndexedExample[]): Promise<void>;
}

interface RunnerOptions {
  readonly pool: CurationPool;
  readonly classifier: Classifier;
  readonly trainer?: Classifier;
  readonly embedder?: Embedder;
  readonly signal?: AbortSignal;
}

/** Embeds the pool once (unless vectors were given) and wraps the classifiers' fast and slow paths. */
export async function createModelRunner(options: RunnerOptions): Promise<ModelRunner> {
  const { pool, embedder, signal } = options;
  const call = signal === undefined ? {} : { signal };
  const size = pool.ids.length;
  let embeddings = pool.embeddings;
  let dimensions = pool.dimensions ?? embedder?.dimensions ?? 0;
  const embedderId = pool.embedderId ?? embedder?.modelId;
  if (embeddings === undefined) {
    if (embedder === undefined) throw invalidArgument('runCuration', 'needs pool.embeddings or an embedder');
    embeddings = await embedder.embed(pool.texts, call);
    dimensions = embedder.dimensions;
  }
  if (dimensions < 1 || embeddings.length !== size * dimensions) {
    throw invalidArgument(
      'runCuration',
      `pool embeddings hold ${embeddings.length} values, not ${size} x ${dimensions}`,
    );
  }
  const vectors = embeddings;
  let model = options.classifier;
  let trainer = options.trainer ?? options.classifier;
  const scores = new Float64Array(size);
  const predicted = new Uint8Array(size);
  const fast = (classifier: Classifier) =>
    classifier.head !== undefined &&
    classifier.head.embedderId === embedderId &&
    classifier.head.dimensions === dimensions
      ? classifier.head
      : undefined;

  const scoreItems = async (items: readonly number[]): Promise<Float64Array> => {
    const head = fast(model);
    if (head !== undefined) return head.classifyEmbedded(gatherRows(vectors, dimensions, items), call);
    return model.classify(
      items.map((item) => pool.texts[item]!),
      call,
    );
  };

  return {
    embeddings: vectors,
    dimensions,
    scores,
    predicted,
    current: () => model,
    scorePool: async (threshold) => {
      const head = fast(model);
      const result =
        head !== undefined
          ? await head.classifyEmbedded(vectors, call)
          : await model.classify(pool.texts, call);
      scores.set(result);
      let positives = 0;
      for (let index = 0; index < size; index++) {
        const label = result[index]! >= threshold ? 1 : 0;
        predicted[index] = label;
        positives += label;
      }
      return positives;
    },
    scoreItems,
    adapt: async (examples) => {
      const head = fast(trainer);
      const items = examples.map((example) => example.item);
      model =
        head !== undefined
          ? await head.adaptEmbedded(
              gatherRows(vectors, dimensions, items),
              Uint8Array.from(examples, (e) => e.label),
              {
                ...call,
                weights: Float32Array.from(examples, (e) => e.weight),
              },
            )
          : await trainer.adapt(
              examples.map((example) => ({
                text: pool.texts[example.item]!,
                label: example.label,
                weight: example.weight,
              })),
              call,
            );
      trainer = model;
    },
  };
}

/** The rows of `items`, copied into one contiguous matrix. */
export function gatherRows(
  embeddings: Float32Array,
  dimensions: number,
  items: readonly number[],
): Float32Array {
  const rows = new Float32Array(items.length * dimensions);
  items.forEach((item, position) => {
    rows.set(embeddings.subarray(item * dimensions, (item + 1) * dimensions), position * dimensions);
  });
  return rows;
}
