import { join } from 'node:path';
import { BorderlineError, shardRows, throwIfAborted, type VectorShards } from '@borderline/core';
import { type PassOptions, type PoolPasses, scoreRows, type VectorSpace } from '@borderline/loop';
import type { Classifier, SavableClassifier } from '@borderline/runners';
import {
  assignPass,
  type EmbedSpec,
  type PassProgress,
  type PassSpec,
  type ResolvedPass,
  readShardItems,
  resolveAndRun,
  resolvedScores,
  resolvedVectors,
  type ScoreSpec,
  type ShardExecutor,
  type ShardManifest,
} from '@borderline/shards';
import { isSavable, writeModelFile } from './model-files';
import type { RunStore } from './types';

/** The folder of a run that holds its pass outputs (`<run>/shards/<pass>/<shard>-<inputHash>.bin`). */
export const PASS_OUTPUTS = 'shards';

/** The meta key under which each pass's last progress is kept (`status` shows it). */
export const PASS_PROGRESS_KEY = 'pass-progress';

/** How a sharded run's passes run. */
export interface ShardPassOptions {
  /** Local worker processes or the queue (BullMQ); the run directory must be on storage every worker sees. */
  readonly executor: ShardExecutor;
  /** The embed pass's embedder, as the shards package names it (the run's vector space). */
  readonly embedder: EmbedSpec['embedder'];
}

/** One pass's last progress as `status` shows it. */
export interface PassRecord extends PassProgress {
  readonly updatedAt: string;
}

/**
 * A sharded run's passes: embedding and scoring run as shard jobs on the run's executor (outputs under
 * `<run>/shards`, keyed by shard and input hash, so a pass resumed or run twice writes nothing twice); a model
 * that cannot be saved (LLM-0's zero-shot head, a hosted model) scores shard by shard in this process. Scores land
 * in the `predictions` table, one chunk per shard; vectors stay in the pass outputs.
 */
export function shardPasses(
  store: RunStore,
  manifest: ShardManifest,
  options: ShardPassOptions | undefined,
): PoolPasses {
  const context = passContext(store, manifest, options);
  return {
    embed: (space, pass) => vectorsIn(context, space, pass),
    score: (version, model, space, pass) => scorePool(context, { version, model, space }, pass),
    assign: () => assignRecorded(context),
  };
}

/** What every pass of one sharded run shares. */
interface PassContext {
  readonly store: RunStore;
  readonly manifest: ShardManifest;
  readonly outDir: string;
  /** The run's pass settings; throws when the run was opened without them (checked when a pass runs). */
  readonly settings: () => ShardPassOptions;
  readonly embedSpec: () => EmbedSpec;
  /** The embed pass's vectors by space (`spaceKey`), once a run of it has started; a failed run is dropped. */
  readonly vectors: Map<string, Promise<VectorShards>>;
}

function passContext(
  store: RunStore,
  manifest: ShardManifest,
  options: ShardPassOptions | undefined,
): PassContext {
  const settings = () => {
    if (options === undefined) {
      throw new BorderlineError({
        code: 'internal',
        message:
          'run store: a sharded run needs an executor for its passes (runCurationStore options.shards)',
      });
    }
    return options;
  };
  return {
    store,
    manifest,
    outDir: join(store.dir, PASS_OUTPUTS),
    settings,
    embedSpec: () => ({ pass: 'embed', embedder: settings().embedder }),
    vectors: new Map(),
  };
}

/**
 * Resolves one pass (its inputs checked and hashed once: a score pass reads and hashes its model file) and runs it
 * on the run's executor, its last progress saved for `status` however the pass ends. The resolved pass names
 * the outputs for reading them back.
 */
async function runRecorded(
  context: PassContext,
  spec: PassSpec,
  pass: PassOptions | undefined,
): Promise<ResolvedPass> {
  const { store, manifest, outDir } = context;
  const recorder = progressRecorder(store, (progress) =>
    pass?.onProgress?.({ done: progress.items, total: manifest.count }),
  );
  try {
    const { resolved } = await resolveAndRun(spec, {
      manifest,
      outDir,
      executor: context.settings().executor,
      ...(pass?.signal === undefined ? {} : { signal: pass.signal }),
      onProgress: recorder.onProgress,
    });
    return resolved;
  } finally {
    await recorder.save();
  }
}

function spaceKey(space: VectorSpace): string {
  return `${space.embedderId}\u0000${space.dimensions}`;
}

/**
 * The run's vectors in `space`: the embed pass runs once per space while the store is open (its outputs never
 * change after), its vectors shared by `embed` and `scorePool`; a failed run is forgotten, so the next call runs
 * it again. A call with an aborted signal throws, as the pass would.
 */
async function vectorsIn(
  context: PassContext,
  space: VectorSpace,
  pass?: PassOptions,
): Promise<VectorShards> {
  const key = spaceKey(space);
  const known = context.vectors.get(key);
  if (known !== undefined) {
    throwIfAborted(pass?.signal, 'runPass');
    return known;
  }
  const made = embedVectors(context, space, pass);
  context.vectors.set(key, made);
  made.catch(() => {
    if (context.vectors.get(key) === made) context.vectors.delete(key);
  });
  return made;
}

/** The embed pass, then its vectors (checked against the run's space). */
async function embedVectors(
  context: PassContext,
  space: VectorSpace,
  pass?: PassOptions,
): Promise<VectorShards> {
  const shards = resolvedVectors(await runRecorded(context, context.embedSpec(), pass));
  if (shards.dimensions !== space.dimensions) {
    throw new BorderlineError({
      code: 'internal',
      message: `run store: the embed pass made ${shards.dimensions}-d vectors, the run's space is ${space.embedderId} (${space.dimensions}-d)`,
    });
  }
  return shards;
}

/** A version's scores over the pool: the missing ones made (as jobs, or here), then all read back. */
async function scorePool(
  context: PassContext,
  work: { version: number; model: Classifier; space: VectorSpace },
  pass: PassOptions | undefined,
): Promise<Float64Array> {
  const { store, manifest } = context;
  const { version, model, space } = work;
  const done = await store.predictedCount(version);
  if (done < manifest.count) {
    const shards = await vectorsIn(context, space);
    if (isSavable(model)) {
      const score = (spec: ScoreSpec) =>
        runRecorded(context, { ...spec, vectors: context.embedSpec() }, pass);
      await scoreAsJobs(store, manifest, { version, model, done }, score);
    } else await scoreHere(store, manifest, shards, { version, model, space, done }, pass);
  }
  return store.readPredictions(version, manifest.count);
}

/** The assign pass as the loop calls it, each call's last progress saved for `status`. */
function assignRecorded(context: PassContext): ReturnType<NonNullable<PoolPasses['assign']>> {
  const { store, manifest, outDir } = context;
  const assign = (recorder: ReturnType<typeof progressRecorder>) =>
    assignPass(manifest, outDir, context.embedSpec(), context.settings().executor, {
      onProgress: recorder.onProgress,
    });
  return async (request) => {
    const recorder = progressRecorder(store);
    try {
      return await assign(recorder)(request);
    } finally {
      await recorder.save();
    }
  };
}

/**
 * Keeps a pass's last progress and saves it in `meta` for `status` (a failed pass's too, when the command's
 * writes land); `also` hears every event.
 */
function progressRecorder(store: RunStore, also?: (progress: PassProgress) => void) {
  let last: PassProgress | undefined;
  return {
    onProgress: (progress: PassProgress) => {
      last = progress;
      also?.(progress);
    },
    save: async () => {
      if (last === undefined) return;
      const record: PassRecord = { ...last, updatedAt: new Date().toISOString() };
      // Advisory: a record that cannot be written (the command's transaction failed) must not hide why.
      await store.setMeta(`${PASS_PROGRESS_KEY}:${last.pass}`, record).catch(() => undefined);
    },
  };
}

/** A saved local model scores the shards as jobs; its scores go into `predictions` from the first missing shard. */
async function scoreAsJobs(
  store: RunStore,
  manifest: ShardManifest,
  work: { version: number; model: SavableClassifier; done: number },
  run: (spec: ScoreSpec) => Promise<ResolvedPass>,
): Promise<void> {
  const { version, model, done } = work;
  const saved = writeModelFile(store.dir, model.save());
  const resolved = await run({
    pass: 'score',
    modelFile: join(store.dir, saved.file),
    modelSha256: saved.sha256,
    version,
  });
  const scores = resolvedScores(resolved);
  for (const shard of manifest.shards) {
    if (shard.start + shard.rows <= done) continue;
    await store.writePredictions(
      version,
      shard.start,
      Float64Array.from(scores.subarray(shard.start, shard.start + shard.rows)),
    );
  }
}

/** A model that cannot leave this process scores shard by shard here, each shard's scores committed as it goes. */
async function scoreHere(
  store: RunStore,
  manifest: ShardManifest,
  shards: VectorShards,
  work: { version: number; model: Classifier; space: VectorSpace; done: number },
  pass: PassOptions | undefined,
): Promise<void> {
  pass?.onProgress?.({ done: work.done, total: manifest.count });
  for (let shard = 0; shard < shards.starts.length; shard++) {
    const start = shards.starts[shard]!;
    if (start + shardRows(shards, shard) <= work.done) continue;
    const vectors = await shards.readShard(shard, pass?.signal === undefined ? {} : { signal: pass.signal });
    const texts = async () => (await readShardItems(manifest, shard)).texts;
    const scores = await scoreRows(work.model, { space: work.space, vectors, texts }, pass ?? {});
    await store.writePredictions(work.version, start, scores);
    pass?.onProgress?.({ done: start + scores.length, total: manifest.count });
  }
}
