import { invalidArgument } from '@borderline/core';
import { copyRows } from '@borderline/kmeans';
import type { AdaptOptions, CallOptions, Classifier, EmbeddingHead } from '@borderline/runners';
import { modelExpertKappa } from './measure';
import { predict } from './predict';
import type { KappaFigure } from './types';

/** The embedding space of a pool's vectors: the embedder that made them and their width. */
export interface VectorSpace {
  readonly embedderId: string;
  readonly dimensions: number;
}

/** Items to score or train on: their vectors in `space` (row-major) and their texts, in the same order. */
export interface ItemRows {
  readonly space: VectorSpace;
  readonly vectors: Float32Array;
  /** Read only when the model is not a head over `space` (it scores or trains on text). */
  texts(): readonly string[] | Promise<readonly string[]>;
}

/**
 * The classifier's fast path over vectors of `space`: its head, when the head reads that embedder's vectors at
 * that width. Otherwise undefined, and the model works on text.
 */
export function headFor(classifier: Classifier, space: VectorSpace): EmbeddingHead | undefined {
  const head = classifier.head;
  return head !== undefined && head.embedderId === space.embedderId && head.dimensions === space.dimensions
    ? head
    : undefined;
}

/** P(positive) per row: the head on the vectors when the model is a head over their space, else on the texts. */
export async function scoreRows(
  classifier: Classifier,
  rows: ItemRows,
  options: CallOptions = {},
): Promise<Float64Array> {
  checkRows(rows);
  const head = headFor(classifier, rows.space);
  if (head !== undefined) return head.classifyEmbedded(rows.vectors, options);
  return classifier.classify(await rows.texts(), options);
}

/**
 * `classifier` adapted on labelled rows (0/1 per row, optional weights): on the vectors through its head when it
 * is a head over their space, else on the texts. `weights` absent: the runner's default (every example 1).
 */
export async function adaptRows(
  classifier: Classifier,
  rows: ItemRows,
  labels: Uint8Array,
  options: AdaptOptions & { readonly weights?: Float32Array } = {},
): Promise<Classifier> {
  const count = checkRows(rows);
  if (labels.length !== count)
    throw invalidArgument('adaptRows', `${labels.length} labels for ${count} rows`);
  const head = headFor(classifier, rows.space);
  if (head !== undefined) return head.adaptEmbedded(rows.vectors, labels, options);
  const texts = await rows.texts();
  const { weights, ...call } = options;
  return classifier.adapt(
    texts.map((text, index) => ({
      text,
      label: labels[index] === 1 ? 1 : 0,
      ...(weights === undefined ? {} : { weight: weights[index]! }),
    })),
    call,
  );
}

/** Cohen's kappa of the classifier's thresholded predictions against expert labels on the rows. */
export async function kappaOnRows(
  classifier: Classifier,
  rows: ItemRows,
  labels: Uint8Array,
  threshold: number,
  options: CallOptions = {},
): Promise<KappaFigure> {
  const scores = await scoreRows(classifier, rows, options);
  return modelExpertKappa(predict(scores, threshold).labels, labels);
}

/** The rows of `items` of an n x dimensions matrix, copied into one contiguous matrix. */
export function gatherRows(
  embeddings: Float32Array,
  dimensions: number,
  items: ArrayLike<number>,
): Float32Array {
  return copyRows(embeddings, dimensions, items);
}

/** Pool items as rows: their vectors gathered from the pool's matrix, their texts on demand. */
export function poolRows(
  space: VectorSpace,
  vectors: Float32Array,
  texts: () => readonly string[] | Promise<readonly string[]>,
  items: ArrayLike<number>,
): ItemRows {
  return {
    space,
    vectors: gatherRows(vectors, space.dimensions, items),
    texts: async () => {
      const all = await texts();
      return Array.from(items, (item) => all[item]!);
    },
  };
}

function checkRows(rows: ItemRows): number {
  const { dimensions } = rows.space;
  if (!(dimensions >= 1) || rows.vectors.length % dimensions !== 0) {
    throw invalidArgument('pool rows', `${rows.vectors.length} values are not rows of ${dimensions}`);
  }
  return rows.vectors.length / dimensions;
}
