import { gatherRows } from '@borderline/loop';
import type { Classifier, Embedder, EmbeddingHead } from '@borderline/runners';
import type { Output } from '../render/output';
import type { RunSession } from '../session/run-session';

/** Items per committed chunk of prelabel and embedding work (the unit a killed command resumes from). */
export const DEFAULT_CHUNK_SIZE = 1024;

/** How vector work is chunked and reported. */
export interface ChunkOptions {
  readonly chunkSize: number;
  readonly output: Output;
  /** The progress label, e.g. `prelabel`. */
  readonly label: string;
  readonly signal?: AbortSignal;
}

/**
 * Embeds the pool, resuming after the last committed chunk. Each chunk is its own write: outside a transaction
 * it commits at once, so a killed command loses at most one chunk.
 */
export async function ensureEmbeddings(
  session: RunSession,
  embedder: Embedder,
  options: ChunkOptions,
): Promise<Float32Array> {
  const items = await session.items();
  const count = items.length;
  let done = await session.store.embeddedCount(embedder.modelId);
  if (done < count) {
    const progress = options.output.progress(options.label, count, done);
    while (done < count) {
      const end = Math.min(count, done + options.chunkSize);
      const texts = items.slice(done, end).map((item) => item.text);
      const rows = await embedder.embed(
        texts,
        options.signal === undefined ? {} : { signal: options.signal },
      );
      await session.store.writeEmbeddings(embedder.modelId, done, embedder.dimensions, rows);
      done = end;
      progress.update(done);
    }
    progress.finish();
  }
  return session.store.readEmbeddings(embedder.modelId, count, embedder.dimensions);
}

/** The classifier's fast path over the pool's vectors, when it reads this embedder's space. */
export function headFor(classifier: Classifier, embedder: Embedder): EmbeddingHead | undefined {
  const head = classifier.head;
  return head !== undefined && head.embedderId === embedder.modelId && head.dimensions === embedder.dimensions
    ? head
    : undefined;
}

/** P(positive) for pool rows `start .. end - 1`: on the stored vectors when the model is a head, else on text. */
async function scoreRange(
  session: RunSession,
  classifier: Classifier,
  embedder: Embedder,
  embeddings: Float32Array,
  range: { readonly start: number; readonly end: number },
  signal?: AbortSignal,
): Promise<Float64Array> {
  const call = signal === undefined ? {} : { signal };
  const head = headFor(classifier, embedder);
  const dimensions = embedder.dimensions;
  if (head !== undefined) {
    return head.classifyEmbedded(embeddings.subarray(range.start * dimensions, range.end * dimensions), call);
  }
  const items = await session.items();
  return classifier.classify(
    items.slice(range.start, range.end).map((item) => item.text),
    call,
  );
}

/**
 * Scores the whole pool with model `version`, resuming after the last committed chunk, and returns every
 * score. Inside a transaction the chunks land with it; outside, each chunk commits on its own.
 */
export async function ensurePredictions(
  session: RunSession,
  version: number,
  model: { readonly classifier: Classifier; readonly embedder: Embedder; readonly embeddings: Float32Array },
  options: ChunkOptions,
): Promise<Float64Array> {
  const count = (await session.items()).length;
  let done = await session.store.predictedCount(version);
  if (done < count) {
    const progress = options.output.progress(options.label, count, done);
    while (done < count) {
      const end = Math.min(count, done + options.chunkSize);
      const range = { start: done, end };
      const scores = await scoreRange(
        session,
        model.classifier,
        model.embedder,
        model.embeddings,
        range,
        options.signal,
      );
      await session.store.writePredictions(version, done, Float64Array.from(scores));
      done = end;
      progress.update(done);
    }
    progress.finish();
  }
  return session.store.readPredictions(version, count);
}

/** The rows of the given pool items (for training on stored vectors). */
export function rowsOf(embeddings: Float32Array, dimensions: number, items: readonly number[]): Float32Array {
  return gatherRows(embeddings, dimensions, items);
}
