import type { CallOptions, Classifier, Embedder } from '@borderline/runners';
import type { CurationStore } from './curation-store';
import type { ExecutionEvent } from './execution-types';
import { scoreRows, type VectorSpace } from './pool-rows';

/** How chunked pool work is done and reported. */
export interface PoolWork {
  readonly store: CurationStore;
  readonly space: VectorSpace;
  readonly chunkSize: number;
  readonly call: CallOptions;
  readonly emit: (event: ExecutionEvent) => void;
}

/** Embeds the pool into the store from the first missing row on, one chunk per write. */
export async function ensureVectors(work: PoolWork, embedder: Embedder): Promise<void> {
  const { store, space } = work;
  const total = store.poolSize;
  let done = await store.vectorCount(space);
  if (done >= total) return;
  const { texts } = await store.pool();
  work.emit({ type: 'progress', task: 'embedding', done, total });
  while (done < total) {
    const end = Math.min(total, done + work.chunkSize);
    const rows = await embedder.embed(texts.slice(done, end), work.call);
    await store.writeVectors(space, done, rows);
    done = end;
    work.emit({ type: 'progress', task: 'embedding', done, total });
  }
}

/**
 * A model version's scores over the whole pool: what the store holds, completed from the first missing item on,
 * one chunk per write (on the vectors when the model is a head over them, else on the texts).
 */
export async function ensureScores(
  work: PoolWork,
  version: number,
  model: Classifier,
  vectors: () => Promise<Float32Array>,
): Promise<Float64Array> {
  const { store, space } = work;
  const total = store.poolSize;
  let done = await store.scoreCount(version);
  if (done < total) {
    const matrix = await vectors();
    const { texts } = await store.pool();
    const dimensions = space.dimensions;
    work.emit({ type: 'progress', task: 'scoring', modelVersion: version, done, total });
    while (done < total) {
      const start = done;
      const end = Math.min(total, start + work.chunkSize);
      const scores = await scoreRows(
        model,
        {
          space,
          vectors: matrix.subarray(start * dimensions, end * dimensions),
          texts: () => texts.slice(start, end),
        },
        work.call,
      );
      await store.writeScores(version, start, Float64Array.from(scores));
      done = end;
      work.emit({ type: 'progress', task: 'scoring', modelVersion: version, done, total });
    }
  }
  return store.readScores(version);
}
