import { BorderlineError, invalidArgument, throwIfAborted } from '@borderline/core';
import type { CallOptions, Classifier } from '@borderline/runners';
import { annotateBatch } from './annotate-batch';
import { applyResult } from './apply-result';
import type { CommittedStep } from './curation-store';
import type { ExecuteCurationOptions, ExecutionOutcome } from './execution-types';
import { nextEffect } from './next-effect';
import { assertNever } from './panel';
import { memoryAccess, type PoolAccess, shardedAccess } from './pool-access';
import { adaptRows, scoreRows, type VectorSpace } from './pool-rows';
import type { PoolWork } from './pool-work';
import { predict } from './predict';
import { fineTuneExamples } from './state';
import type { CurationEffect, CurationResult, CurationState, IndexedExample } from './types';

type WorkEffect = Exclude<CurationEffect, { type: 'done' }>;

/** One execution's working context: the options, the pool work settings, and the models in hand. */
interface Context {
  readonly options: ExecuteCurationOptions;
  readonly work: PoolWork;
  readonly models: Map<number, Classifier>;
  readonly pool: PoolAccess;
}

/**
 * The one effect executor: fulfils each effect the state machine asks for (score / select / annotate /
 * evaluate / adapt) against a storage port, commits each transition with what the effect produced, and goes on
 * until the run is done, `until` says stop, or the pending batch needs answers that are not in the ledger. Every
 * effect is resumable: a driver killed at any point calls it again with the last committed state.
 */
export async function executeCuration(
  start: CurationState,
  options: ExecuteCurationOptions,
): Promise<ExecutionOutcome> {
  const context = createContext(start, options);
  const { store, signal } = options;
  if (store.poolSize !== start.poolSize) {
    throw invalidArgument(
      'executeCuration',
      `the store holds ${store.poolSize} items, the run ${start.poolSize}`,
    );
  }
  let state = start;
  if (state.phase !== 'done') await context.pool.embed(options.models.embedder);
  for (;;) {
    throwIfAborted(signal, 'executeCuration');
    const effect = nextEffect(state);
    const at = state;
    const model = () => modelFor(context, at, at.modelVersion);
    if (effect.type === 'done') return { status: 'done', state, model, decision: effect.decision };
    if (options.until?.(effect, state) === true) return { status: 'paused', state, model, next: effect };
    const started = performance.now();
    const fulfilled = await fulfil(context, state, effect);
    if ('missing' in fulfilled) {
      return {
        status: 'needs-labels',
        state,
        model,
        iteration: effect.iteration,
        missing: fulfilled.missing,
      };
    }
    context.work.emit({
      type: 'timing',
      iteration: effect.iteration,
      effect: effect.type,
      milliseconds: performance.now() - started,
    });
    const transition = applyResult(state, fulfilled.result);
    const step: CommittedStep = { state: transition.state, events: transition.events, ...fulfilled.records };
    await store.commit(step);
    state = transition.state;
    for (const event of transition.events) context.work.emit(event);
    if (effect.type === 'adapt' && fulfilled.records.model !== undefined) {
      await options.onModel?.(fulfilled.records.model.classifier, effect.toVersion);
    }
  }
}

function createContext(state: CurationState, options: ExecuteCurationOptions): Context {
  const space = spaceOf(options);
  const call: CallOptions = options.signal === undefined ? {} : { signal: options.signal };
  const emit = options.onEvent ?? (() => {});
  const chunkSize = options.chunkSize ?? state.poolSize;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw invalidArgument('executeCuration', `chunkSize must be a positive integer, got ${chunkSize}`);
  }
  const work: PoolWork = { store: options.store, space, chunkSize, call, emit };
  const { passes } = options.store;
  return {
    options,
    work,
    models: new Map([[0, options.models.starting]]),
    pool:
      passes === undefined
        ? memoryAccess(work, options.policy)
        : shardedAccess(work, passes, options.shardedPolicy),
  };
}

function spaceOf(options: ExecuteCurationOptions): VectorSpace {
  const embedder = options.models.embedder;
  const space =
    options.space ??
    (embedder === undefined ? undefined : { embedderId: embedder.modelId, dimensions: embedder.dimensions });
  if (space === undefined)
    throw invalidArgument('executeCuration', "needs the pool vectors' space or an embedder");
  if (
    embedder !== undefined &&
    (embedder.modelId !== space.embedderId || embedder.dimensions !== space.dimensions)
  ) {
    throw invalidArgument(
      'executeCuration',
      `the embedder ${embedder.modelId} (${embedder.dimensions}-d) does not make the pool's vectors (${space.embedderId}, ${space.dimensions}-d)`,
    );
  }
  return space;
}

type Fulfilled =
  | { readonly result: CurationResult; readonly records: Pick<CommittedStep, 'model' | 'selection'> }
  | { readonly missing: readonly number[] };

async function fulfil(context: Context, state: CurationState, effect: WorkEffect): Promise<Fulfilled> {
  const { options, work } = context;
  switch (effect.type) {
    case 'score': {
      const model = await modelFor(context, state, effect.modelVersion);
      const scores = await context.pool.scores(effect.modelVersion, model);
      const { positives } = predict(scores, state.config.threshold);
      // The starting model is recorded with the run's first scoring (again if its first adapt was skipped).
      const records = effect.modelVersion === 0 ? { model: { version: 0, classifier: model } } : {};
      return { result: { type: 'scored', positives }, records };
    }
    case 'select':
      return select(context, state, effect);
    case 'annotate': {
      await options.beforeAnnotate?.(effect);
      const answers = await annotateBatch(work.store, effect, {
        ...(options.annotator === undefined ? {} : { annotator: options.annotator }),
        ...(options.allowMissing === undefined ? {} : { allowMissing: options.allowMissing }),
        call: work.call,
        emit: work.emit,
      });
      if (answers.status === 'missing') return { missing: answers.missing };
      return { result: { type: 'annotated', annotations: answers.annotations }, records: {} };
    }
    case 'evaluate':
      return { result: { type: 'evaluated', scores: await evaluate(context, state, effect) }, records: {} };
    case 'adapt': {
      const classifier = await adapt(context, effect.examples, effect.iteration);
      context.models.set(effect.toVersion, classifier);
      return { result: { type: 'adapted' }, records: { model: { version: effect.toVersion, classifier } } };
    }
    default:
      return assertNever(effect);
  }
}

async function select(
  context: Context,
  state: CurationState,
  effect: Extract<CurationEffect, { type: 'select' }>,
): Promise<Fulfilled> {
  const scores = await context.work.store.readScores(state.modelVersion);
  if (scores.some((score) => Number.isNaN(score))) {
    throw new BorderlineError({
      code: 'run-state',
      message: `select: model version ${state.modelVersion} has not scored the whole pool`,
    });
  }
  const selection = await context.pool.select(state, effect, scores);
  return {
    result: {
      type: 'selected',
      policy: selection.policy,
      items: selection.items,
      warnings: selection.warnings,
      ...(selection.fallback === undefined ? {} : { fallback: selection.fallback }),
      ...(selection.chosenBy === undefined ? {} : { chosenBy: countChosenBy(selection.chosenBy) }),
    },
    records: { selection: { iteration: effect.iteration, selection } },
  };
}

/** How many items each policy chose, in the order they first appear. */
function countChosenBy(chosenBy: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const policy of chosenBy) counts[policy] = (counts[policy] ?? 0) + 1;
  return counts;
}

/** The evaluation items' scores: from the version's pool scores when the store has them all, else scored now. */
async function evaluate(
  context: Context,
  state: CurationState,
  effect: Extract<CurationEffect, { type: 'evaluate' }>,
): Promise<Float64Array> {
  const { store, call } = context.work;
  if ((await store.scoreCount(effect.modelVersion)) >= store.poolSize) {
    const all = await store.readScores(effect.modelVersion);
    return Float64Array.from(effect.items, (item) => all[item]!);
  }
  const model = await modelFor(context, state, effect.modelVersion);
  return scoreRows(model, await context.pool.rows(effect.items), call);
}

/** The base (`trainer`) adapted on the examples: the next model version (see `CurationModels`). */
async function adapt(
  context: Context,
  examples: readonly IndexedExample[],
  iteration: number,
): Promise<Classifier> {
  const { options, work } = context;
  const trainer = options.models.trainer ?? options.models.starting;
  const items = examples.map((example) => example.item);
  const rows = await context.pool.rows(items);
  return adaptRows(
    trainer,
    rows,
    Uint8Array.from(examples, (example) => example.label),
    {
      ...work.call,
      weights: Float32Array.from(examples, (example) => example.weight),
      onProgress: (progress) => work.emit({ type: 'training', iteration, progress }),
    },
  );
}

/**
 * Model version `version` of the run: in hand, read back from the store, or made again (adapting the base on the
 * examples it was trained on: the first `trainedExamples` of the fine-tune set), which gives the same model.
 */
async function modelFor(context: Context, state: CurationState, version: number): Promise<Classifier> {
  const known = context.models.get(version);
  if (known !== undefined) return known;
  const loaded = await context.options.store.loadModel(version);
  if (loaded !== undefined) {
    context.models.set(version, loaded);
    return loaded;
  }
  if (version !== state.modelVersion) {
    throw new BorderlineError({
      code: 'internal',
      message: `curation: model version ${version} is not the run's`,
    });
  }
  const examples = fineTuneExamples(state).slice(0, state.trainedExamples);
  const model = await adapt(context, examples, state.iteration);
  context.models.set(version, model);
  return model;
}
