import { invalidArgument } from '@borderline/core';
import type { Annotator, Classifier, Embedder } from '@borderline/runners';
import type { SamplingPolicy } from '@borderline/sampling';
import { executeCuration } from './execute-curation';
import { createMemoryStore } from './memory-store';
import type { VectorSpace } from './pool-rows';
import { startCuration } from './state';
import type { CurationConfig, CurationEvent, CurationState } from './types';

/** The pool a run curates: ids and texts, and its vectors when the caller already has them. */
export interface CurationPool {
  readonly ids: readonly string[];
  readonly texts: readonly string[];
  /** n x dimensions, row-major; embedded with `embedder` when absent. */
  readonly embeddings?: Float32Array;
  readonly dimensions?: number;
  /** The `modelId` of the embedder that made `embeddings` (default: `embedder.modelId`). */
  readonly embedderId?: string;
}

/** Everything `runCuration` needs. */
export interface RunCurationOptions {
  readonly config: CurationConfig;
  readonly pool: CurationPool;
  /** M_0, the starting model (LLM-0): it scores the pool for the first selection and is measured as iteration 0. */
  readonly classifier: Classifier;
  /**
   * The base every adapted version is trained from, on all fine-tune examples so far (e.g. LLM-0 is a zero-shot
   * scorer and the fine-tuned model a local classifier). Default: `classifier`.
   */
  readonly trainer?: Classifier;
  /** Embeds the pool (once) when `pool.embeddings` is absent; heads over it score and adapt on those vectors. */
  readonly embedder?: Embedder;
  /** The expert panel. */
  readonly annotator: Annotator;
  readonly policy: SamplingPolicy;
  readonly signal?: AbortSignal;
  /** The loop's events and the executor's timings (progress events are left out). */
  readonly onEvent?: (event: CurationEvent) => void;
  /**
   * Called with M_0 before the first iteration and with every adapted model, awaited before the run goes on (e.g.
   * to score each version on a held-out audit set). The run does not look at what it does.
   */
  readonly onModel?: (
    model: Classifier,
    embeddings: Float32Array,
    dimensions: number,
  ) => void | Promise<void>;
}

/** A finished run: its state (history, sets, stop decision), the final model, and the pool's vectors. */
export interface CurationRun {
  readonly state: CurationState;
  readonly model: Classifier;
  readonly embeddings: Float32Array;
  readonly dimensions: number;
}

/**
 * Runs the curation loop in memory: the effect executor over an in-memory store, from a fresh state until the
 * run is done. The pool is embedded once; classifiers that are heads over the same embedder score and adapt on
 * those vectors.
 */
export async function runCuration(options: RunCurationOptions): Promise<CurationRun> {
  const { config, pool, embedder, signal } = options;
  const space = poolSpace(pool, embedder);
  const store = createMemoryStore({
    ids: pool.ids,
    texts: pool.texts,
    ...(pool.embeddings === undefined ? {} : { vectors: { space, matrix: pool.embeddings } }),
  });
  const emit = options.onEvent ?? (() => {});
  const { state, events } = startCuration(config, pool.ids.length);
  events.forEach(emit);
  const execution = {
    store,
    space,
    models: {
      starting: options.classifier,
      ...(options.trainer === undefined ? {} : { trainer: options.trainer }),
      // Only to embed the pool: vectors given by the caller are used as they are.
      ...(embedder === undefined || pool.embeddings !== undefined ? {} : { embedder }),
    },
    policy: options.policy,
    annotator: options.annotator,
    ...(signal === undefined ? {} : { signal }),
  };
  // Stopping before the first effect: the executor has embedded the pool (when it was not given), nothing more.
  await executeCuration(state, { ...execution, until: () => true });
  const vectors = await store.readVectors(space);
  await options.onModel?.(options.classifier, vectors, space.dimensions);
  const outcome = await executeCuration(state, {
    ...execution,
    onEvent: (event) => {
      if (event.type !== 'progress' && event.type !== 'training' && event.type !== 'answers-recorded')
        emit(event);
    },
    ...(options.onModel === undefined
      ? {}
      : { onModel: (model: Classifier) => options.onModel?.(model, vectors, space.dimensions) }),
  });
  return {
    state: outcome.state,
    model: await outcome.model(),
    embeddings: vectors,
    dimensions: space.dimensions,
  };
}

function poolSpace(pool: CurationPool, embedder: Embedder | undefined): VectorSpace {
  // Vectors from an unnamed source: no head reads them, so every model works on text.
  const embedderId = pool.embedderId ?? embedder?.modelId ?? 'caller-vectors';
  const dimensions = pool.dimensions ?? embedder?.dimensions;
  if (pool.embeddings === undefined && embedder === undefined) {
    throw invalidArgument('runCuration', 'needs pool.embeddings or an embedder');
  }
  if (dimensions === undefined || !(dimensions >= 1)) {
    throw invalidArgument('runCuration', "needs the pool vectors' dimensions (or an embedder)");
  }
  return { embedderId, dimensions };
}
