import { BorderlineError, type VectorShards } from '@borderline/core';
import type { Classifier, Embedder } from '@borderline/runners';
import { gatherShardRows, type SamplingPolicy, type Selection } from '@borderline/sampling';
import type { PoolPasses } from './curation-store';
import { gatherRows, type ItemRows } from './pool-rows';
import { ensureScores, ensureVectors, type PoolWork } from './pool-work';
import { selectionBasis, selectionInput } from './selection-input';
import type { ShardedSamplingPolicy } from './sharded-policy';
import type { CurationEffect, CurationState } from './types';

type SelectEffect = Extract<CurationEffect, { type: 'select' }>;

/**
 * How the executor reaches the pool's vectors and texts: the whole matrix in hand (a store that fits in memory),
 * or a sharded pool whose heavy passes the store runs and whose rows are read only where needed.
 */
export interface PoolAccess {
  /** Makes the pool's vectors when they are missing. */
  embed(embedder: Embedder | undefined): Promise<void>;
  /** A model version's scores over the whole pool, made where missing. */
  scores(version: number, model: Classifier): Promise<Float64Array>;
  /** The policy's answer for a `select` effect. */
  select(state: CurationState, effect: SelectEffect, scores: Float64Array): Promise<Selection>;
  /** These items' vectors and texts (evaluate and adapt). */
  rows(items: readonly number[]): Promise<ItemRows>;
}

/** The pool's matrix in memory: today's path (the replay, library users, unsharded CLI runs). */
export function memoryAccess(work: PoolWork, policy: SamplingPolicy): PoolAccess {
  let vectors: Float32Array | undefined;
  const matrix = async () => {
    vectors ??= await work.store.readVectors(work.space);
    return vectors;
  };
  return {
    embed: async (embedder) => {
      if (embedder !== undefined) await ensureVectors(work, embedder);
    },
    scores: (version, model) => ensureScores(work, version, model, matrix),
    select: async (state, effect, scores) =>
      policy(
        selectionInput(
          state,
          effect,
          { space: work.space, vectors: await matrix(), scores },
          work.call.signal,
        ),
      ),
    rows: async (items) => ({
      space: work.space,
      vectors: gatherRows(await matrix(), work.space.dimensions, items),
      texts: async () => (await work.store.itemsAt(items)).texts,
    }),
  };
}

/**
 * A sharded pool: embedding and scoring are the store's passes, selection streams over the shards, and evaluate
 * and adapt read only their items' rows and texts.
 */
export function shardedAccess(
  work: PoolWork,
  passes: PoolPasses,
  policy: ShardedSamplingPolicy | undefined,
): PoolAccess {
  const { space, call } = work;
  const progress = passProgress(work);
  // The embed pass runs once per execution (it was run or checked first); its outputs never change after.
  let vectors: VectorShards | undefined;
  const shards = async () => {
    vectors ??= await passes.embed(space, progress('embedding'));
    return vectors;
  };
  return {
    embed: async () => {
      await shards();
    },
    scores: async (version, model) => {
      await shards();
      return passes.score(version, model, space, progress('scoring', version));
    },
    select: (state, effect, scores) =>
      selectSharded(work, { passes, policy, shards }, { state, effect, scores }),
    rows: async (items) => {
      const vectors = await gatherShardRows(await shards(), items, 'sharded pool rows', call.signal);
      return { space, vectors, texts: async () => (await work.store.itemsAt(items)).texts };
    },
  };
}

/** The pass options of an embed or score pass: the call's signal, and progress events for the loop. */
function passProgress(work: PoolWork) {
  const { call } = work;
  return (task: 'embedding' | 'scoring', modelVersion?: number) => ({
    ...(call.signal === undefined ? {} : { signal: call.signal }),
    onProgress: ({ done, total }: { done: number; total: number }) =>
      work.emit({
        type: 'progress',
        task,
        ...(modelVersion === undefined ? {} : { modelVersion }),
        done,
        total,
      }),
  });
}

/** A sharded policy's answer for a `select` effect (refused without one), over the pool's shards. */
async function selectSharded(
  work: PoolWork,
  pool: {
    passes: PoolPasses;
    policy: ShardedSamplingPolicy | undefined;
    shards: () => Promise<VectorShards>;
  },
  request: { state: CurationState; effect: SelectEffect; scores: Float64Array },
): Promise<Selection> {
  const { passes, policy, shards } = pool;
  if (policy === undefined) {
    throw new BorderlineError({
      code: 'invalid-argument',
      message: 'executeCuration: a sharded pool needs a sharded policy (createShardedPolicy)',
    });
  }
  const { state, effect, scores } = request;
  const { signal } = work.call;
  const assign = passes.assign?.(work.space);
  return policy({
    vectors: await shards(),
    ...selectionBasis(state, effect, scores, signal),
    ...(assign === undefined ? {} : { assign }),
  });
}
