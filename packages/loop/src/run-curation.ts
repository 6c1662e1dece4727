import { invalidArgument, throwIfAborted } from '@borderline/core';
import type { Annotator, Classifier, Embedder } from '@borderline/runners';
import type { SamplingPolicy } from '@borderline/sampling';
import { applyResult } from './apply-result';
import { createModelRunner, type ModelRunner } from './model-runner';
import { nextEffect } from './next-effect';
import { assertNever } from './panel';
import { reviewedMask, startCuration } from './state';
import type {
  CurationConfig,
  CurationEffect,
  CurationEvent,
  CurationResult,
  CurationState,
  IndexedAnnotation,
} from './types';

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
   * The model adapted at the first iteration when it differs from M_0 (e.g. LLM-0 is a zero-shot scorer and the
   * fine-tuned model a local classifier). Later iterations adapt M_k. Default: `classifier`.
   */
  readonly trainer?: Classifier;
  /** Embeds the pool (once) when `pool.embeddings` is absent; heads over it score and adapt on those vectors. */
  readonly embedder?: Embedder;
  /** The expert panel. */
  readonly annotator: Annotator;
  readonly policy: SamplingPolicy;
  readonly signal?: AbortSignal;
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
 * Runs the curation loop in memory: executes each effect the state machine asks for until it is done. The pool
 * is embedded once; classifiers that are heads over the same embedder score and adapt on those vectors.
 */
export async function runCuration(options: RunCurationOptions): Promise<CurationRun> {
  const { config, pool, signal } = options;
  if (pool.ids.length !== pool.texts.length) {
    throw invalidArgument('runCuration', `pool has ${pool.ids.length} ids but ${pool.texts.length} texts`);
  }
  const emit = options.onEvent ?? (() => {});
  const runner = await createModelRunner(options);
  let transition = startCuration(config, pool.ids.length);
  transition.events.forEach(emit);
  let state = transition.state;
  await options.onModel?.(runner.current(), runner.embeddings, runner.dimensions);
  for (;;) {
    throwIfAborted(signal, 'runCuration');
    const effect = nextEffect(state);
    if (effect.type === 'done') break;
    const started = performance.now();
    const result = await fulfil(effect, state, runner, options);
    emit({
      type: 'timing',
      iteration: effect.iteration,
      effect: effect.type,
      milliseconds: performance.now() - started,
    });
    transition = applyResult(state, result);
    transition.events.forEach(emit);
    state = transition.state;
    if (effect.type === 'adapt')
      await options.onModel?.(runner.current(), runner.embeddings, runner.dimensions);
  }
  return { state, model: runner.current(), embeddings: runner.embeddings, dimensions: runner.dimensions };
}

async function fulfil(
  effect: Exclude<CurationEffect, { type: 'done' }>,
  state: CurationState,
  runner: ModelRunner,
  options: RunCurationOptions,
): Promise<CurationResult> {
  const { signal } = options;
  switch (effect.type) {
    case 'score':
      return { type: 'scored', positives: await runner.scorePool(state.config.threshold) };
    case 'select': {
      const selection = await options.policy({
        embeddings: runner.embeddings,
        dimensions: runner.dimensions,
        predicted: runner.predicted,
        scores: runner.scores,
        reviewed: reviewedMask(state),
        budget: effect.budget,
        seed: effect.seed,
        ...(signal === undefined ? {} : { signal }),
      });
      return {
        type: 'selected',
        policy: selection.policy,
        items: selection.items,
        warnings: selection.warnings,
      };
    }
    case 'annotate':
      return { type: 'annotated', annotations: await annotate(effect.items, options) };
    case 'evaluate':
      return { type: 'evaluated', scores: await runner.scoreItems(effect.items) };
    case 'adapt':
      await runner.adapt(effect.examples);
      return { type: 'adapted' };
    default:
      return assertNever(effect);
  }
}

async function annotate(items: readonly number[], options: RunCurationOptions): Promise<IndexedAnnotation[]> {
  const { pool, annotator, signal } = options;
  const indexOf = new Map<string, number>();
  const batch = items.map((item) => {
    indexOf.set(pool.ids[item]!, item);
    return { id: pool.ids[item]!, text: pool.texts[item]! };
  });
  const annotations = await annotator.annotate(batch, signal === undefined ? {} : { signal });
  return annotations.map((annotation): IndexedAnnotation => {
    const item = indexOf.get(annotation.item);
    if (item === undefined) {
      throw invalidArgument(
        'runCuration',
        `annotator "${annotator.id}" answered for item "${annotation.item}" it was not sent`,
      );
    }
    if (annotation.status === 'unavailable')
      return { status: 'unavailable', item, reason: annotation.reason };
    return {
      status: 'labelled',
      item,
      labels: annotation.labels.map((label) => ({ annotator: label.annotator, label: label.label })),
    };
  });
}
