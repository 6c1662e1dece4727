import { BorderlineError } from '@borderline/core';
import { nextEffect, reviewedMask } from '@borderline/loop';
import type { SelectionEntry } from '@borderline/loop/store';
import { createPolicy, type Selection } from '@borderline/sampling';
import type { Output } from '../render/output';
import type { RunModels } from '../session/models';
import type { RunSession } from '../session/run-session';
import { apply, notNow } from './transitions';

/** The batch `select` produced (or found pending). */
export interface SelectSummary {
  readonly iteration: number;
  readonly entries: readonly SelectionEntry[];
  /** True when the batch had been selected before (select is idempotent until its labels are imported). */
  readonly alreadySelected: boolean;
  /** True when the policy found nothing to send and the run stopped. */
  readonly exhausted: boolean;
}

function reasons(selection: Selection, ids: readonly string[]): Map<number, string> {
  const byItem = new Map<number, string>();
  for (const pair of selection.pairs ?? []) {
    const text = (other: number) =>
      `boundary pair with ${ids[other] ?? other} (distance ${pair.distance.toFixed(3)}): ${pair.reason}`;
    byItem.set(pair.positive, text(pair.negative));
    byItem.set(pair.negative, text(pair.positive));
  }
  return byItem;
}

/** Scores of the current model over the whole pool, as committed by prelabel or step. */
async function currentScores(session: RunSession): Promise<Float64Array> {
  const state = session.state();
  const scores = await session.store.readPredictions(state.modelVersion, state.poolSize);
  if (scores.some((score) => Number.isNaN(score))) {
    throw new BorderlineError({
      code: 'run-state',
      message: `select: model version ${state.modelVersion} has not scored the whole pool; run "borderline prelabel" again`,
    });
  }
  return scores;
}

/** Runs the configured sampling policy and records the batch, the selection and the state in one transaction. */
export async function select(session: RunSession, models: RunModels, output: Output): Promise<SelectSummary> {
  const state = session.state();
  const effect = nextEffect(state);
  if (effect.type === 'annotate') {
    const entries = await session.store.readSelection(state.iteration);
    return { iteration: state.iteration, entries, alreadySelected: true, exhausted: false };
  }
  if (effect.type !== 'select') throw notNow(session, 'select');
  const items = await session.items();
  const dimensions = models.embedder.dimensions;
  const embeddings = await session.store.readEmbeddings(models.embedder.modelId, state.poolSize, dimensions);
  const scores = await currentScores(session);
  const predicted = Uint8Array.from(scores, (score) => (score >= state.config.threshold ? 1 : 0));
  const { fallback } = session.config;
  const policy = createPolicy(
    session.config.policy,
    fallback === undefined || fallback === 'none' ? {} : { fallback },
  );
  const selection = await policy({
    embeddings,
    dimensions,
    predicted,
    scores,
    reviewed: reviewedMask(state),
    budget: effect.budget,
    seed: effect.seed,
  });
  const ids = items.map((item) => item.id);
  const why = reasons(selection, ids);
  const entries: SelectionEntry[] = Array.from(selection.items, (item, rank) => {
    const reason = why.get(item) ?? `${selection.policy} rank ${rank + 1}`;
    return { rank, item: ids[item] ?? String(item), reason };
  });
  await session.store.transaction(async () => {
    apply(
      session,
      { type: 'selected', policy: selection.policy, items: selection.items, warnings: selection.warnings },
      output,
    );
    if (entries.length > 0) await session.store.writeSelection(effect.iteration, entries);
    await session.saveState();
  });
  return { iteration: effect.iteration, entries, alreadySelected: false, exhausted: entries.length === 0 };
}
