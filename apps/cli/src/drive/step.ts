import { BorderlineError, type Example } from '@borderline/core';
import { type CurationEffect, type IndexedExample, nextEffect } from '@borderline/loop';
import type { AdaptProgress, Classifier } from '@borderline/runners';
import type { Output } from '../render/output';
import type { Progress } from '../render/progress';
import { type RunModels, saveModelVersion } from '../session/models';
import type { RunSession } from '../session/run-session';
import { ledgerAnnotations } from './ledger-annotations';
import { ensurePredictions, headFor, rowsOf } from './pool-vectors';
import { apply, notNow } from './transitions';

/** What a step did. */
export interface StepSummary {
  readonly iteration: number;
  readonly modelVersion: number;
  readonly stopped: boolean;
}

interface StepContext {
  readonly session: RunSession;
  readonly models: RunModels;
  readonly output: Output;
  readonly embeddings: Float32Array;
  readonly chunkSize: number;
  readonly signal?: AbortSignal;
}

/**
 * Takes the pending batch's expert labels from the ledger and moves the loop on: split, evaluate, adapt,
 * score the pool with the new model, decide. Everything it writes (model version, predictions, iteration
 * records, loop state) is one transaction: a killed step leaves the run as it was, and running it again
 * gives the same result (every random choice is seeded).
 */
export async function step(
  session: RunSession,
  models: RunModels,
  output: Output,
  options: { readonly allowMissing: boolean; readonly chunkSize: number; readonly signal?: AbortSignal },
): Promise<StepSummary> {
  const effect = nextEffect(session.state());
  if (effect.type !== 'annotate') throw notNow(session, 'step');
  const annotations = await ledgerAnnotations(session, effect.items, options);
  const state = session.state();
  const embeddings = await session.store.readEmbeddings(
    models.embedder.modelId,
    state.poolSize,
    models.embedder.dimensions,
  );
  const context: StepContext = {
    session,
    models,
    output,
    embeddings,
    chunkSize: options.chunkSize,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const recorded = state.history.length;
  await session.store.transaction(async () => {
    apply(session, { type: 'annotated', annotations }, output);
    await advance(context);
    for (const record of session.state().history.slice(recorded)) {
      await session.store.writeIteration(record.iteration, record);
    }
    await session.saveState();
  });
  const after = session.state();
  return { iteration: effect.iteration, modelVersion: after.modelVersion, stopped: after.phase === 'done' };
}

/** Fulfils effects until the run needs a selection (or is done). */
async function advance(context: StepContext): Promise<void> {
  for (;;) {
    const effect = nextEffect(context.session.state());
    switch (effect.type) {
      case 'select':
      case 'done':
        return;
      case 'evaluate': {
        const scores = await poolScores(context, effect.modelVersion);
        apply(
          context.session,
          {
            type: 'evaluated',
            scores: Float64Array.from(effect.items, (item) => scores[item] ?? Number.NaN),
          },
          context.output,
        );
        break;
      }
      case 'adapt':
        await adapt(context, effect);
        apply(context.session, { type: 'adapted' }, context.output);
        break;
      case 'score': {
        const scores = await poolScores(context, effect.modelVersion);
        const threshold = context.session.state().config.threshold;
        let positives = 0;
        for (const score of scores) if (score >= threshold) positives++;
        apply(context.session, { type: 'scored', positives }, context.output);
        break;
      }
      case 'annotate':
        throw new BorderlineError({ code: 'internal', message: 'step: the loop asked for labels twice' });
      default: {
        const unreachable: never = effect;
        throw new BorderlineError({
          code: 'internal',
          message: `step: unknown effect ${JSON.stringify(unreachable)}`,
        });
      }
    }
  }
}

/** The committed pool scores of a model version (written by prelabel for M_0, by `adapt` for later ones). */
async function poolScores(context: StepContext, version: number): Promise<Float64Array> {
  const scores = await context.session.store.readPredictions(version, context.session.state().poolSize);
  if (scores.some((score) => Number.isNaN(score))) {
    throw new BorderlineError({
      code: 'run-state',
      message: `step: model version ${version} has not scored the pool`,
    });
  }
  return scores;
}

async function adapt(
  context: StepContext,
  effect: Extract<CurationEffect, { type: 'adapt' }>,
): Promise<void> {
  const { session, models, output } = context;
  const source =
    effect.fromVersion >= 1
      ? ((await models.load(session.store, effect.fromVersion)) ?? models.trainer)
      : models.trainer;
  let bar: Progress | undefined;
  const onProgress = (progress: AdaptProgress) => {
    if (progress.type !== 'epoch')
      return output.note(`  fine-tuning job ${progress.jobId}: ${progress.status}`);
    bar ??= output.progress('training', progress.epochs);
    bar.update(progress.epoch);
  };
  const adapted = await adaptOn(context, source, effect.examples, onProgress);
  bar?.finish();
  await saveModelVersion(session.store, effect.toVersion, adapted);
  await ensurePredictions(
    session,
    effect.toVersion,
    { classifier: adapted, embedder: models.embedder, embeddings: context.embeddings },
    {
      chunkSize: context.chunkSize,
      output,
      label: 'scoring',
      ...(context.signal ? { signal: context.signal } : {}),
    },
  );
}

async function adaptOn(
  context: StepContext,
  source: Classifier,
  examples: readonly IndexedExample[],
  onProgress: (progress: AdaptProgress) => void,
): Promise<Classifier> {
  const { models, signal } = context;
  const call = { onProgress, ...(signal ? { signal } : {}) };
  const head = headFor(source, models.embedder);
  if (head !== undefined) {
    const rows = rowsOf(
      context.embeddings,
      models.embedder.dimensions,
      examples.map((example) => example.item),
    );
    const labels = Uint8Array.from(examples, (example) => example.label);
    const weights = Float32Array.from(examples, (example) => example.weight);
    return head.adaptEmbedded(rows, labels, { ...call, weights });
  }
  const items = await context.session.items();
  const texts: Example[] = examples.map((example) => ({
    text: items[example.item]?.text ?? '',
    label: example.label,
    weight: example.weight,
  }));
  return source.adapt(texts, call);
}
