import { nextEffect } from '@borderline/loop';
import type { Output } from '../render/output';
import { type RunModels, saveModelVersion } from '../session/models';
import type { RunSession } from '../session/run-session';
import { ensureEmbeddings, ensurePredictions } from './pool-vectors';
import { apply, notNow } from './transitions';

/** What prelabel did. */
export interface PrelabelSummary {
  readonly items: number;
  readonly positives: number;
  readonly alreadyDone: boolean;
}

/**
 * LLM-0 over the pool: embeds the pool and scores it with the starting model, each chunk committed as it is
 * done (a killed prelabel resumes at the first missing chunk), then records the scoring in the loop state.
 */
export async function prelabel(
  session: RunSession,
  models: RunModels,
  output: Output,
  options: { readonly chunkSize: number; readonly signal?: AbortSignal },
): Promise<PrelabelSummary> {
  const state = session.state();
  const effect = nextEffect(state);
  const threshold = state.config.threshold;
  if (effect.type !== 'score' || effect.modelVersion !== 0) {
    if (state.modelVersion > 0 || state.batches.length > 0 || state.poolPositives !== null) {
      return { items: state.poolSize, positives: state.poolPositives ?? 0, alreadyDone: true };
    }
    throw notNow(session, 'prelabel');
  }
  const chunk = {
    chunkSize: options.chunkSize,
    output,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const embeddings = await ensureEmbeddings(session, models.embedder, { ...chunk, label: 'embedding' });
  const scores = await ensurePredictions(
    session,
    0,
    { classifier: models.starting, embedder: models.embedder, embeddings },
    { ...chunk, label: 'prelabel' },
  );
  let positives = 0;
  for (const score of scores) if (score >= threshold) positives++;
  await session.store.transaction(async () => {
    if ((await session.store.models()).every((model) => model.version !== 0)) {
      await saveModelVersion(session.store, 0, models.starting);
    }
    apply(session, { type: 'scored', positives }, output);
    await session.saveState();
  });
  return { items: scores.length, positives, alreadyDone: false };
}
