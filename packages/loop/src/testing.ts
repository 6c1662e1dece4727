import {
  BorderlineError,
  createRng,
  hash32,
  type Item,
  matrixShards,
  type VectorShards,
} from '@borderline/core';
import type { Annotation, Annotator, Classifier, Embedder, EmbeddingHead } from '@borderline/runners';
import type { SamplingPolicy } from '@borderline/sampling';
import type { CurationStore, PoolPasses } from './curation-store';
import type { MemoryStore } from './memory-store';
import { scoreRows, type VectorSpace } from './pool-rows';

/**
 * Small fakes for the loop's tests: a 2-D pool whose true boundary is x + y > 0.6, a nearest-centroid head over
 * it, a three-expert panel with a little noise, and an uncertainty policy. They follow the runner and policy
 * contracts; the real implementations are exercised by the replay's integration tests.
 */
/** A fake pool: ids, texts that spell out each item's 2-D vector, the vectors, and the true label. */
export interface FakePool {
  readonly ids: string[];
  readonly texts: string[];
  readonly embeddings: Float32Array;
  readonly truth: Uint8Array;
}

/** `size` items drawn uniformly in the unit square (seeded); true label 1 where x + y > 0.6. */
export function fakePool(size: number, seed = 7): FakePool {
  const rng = createRng(seed);
  const embeddings = new Float32Array(size * 2);
  const truth = new Uint8Array(size);
  const ids: string[] = [];
  const texts: string[] = [];
  for (let index = 0; index < size; index++) {
    const x = rng.float();
    const y = rng.float();
    embeddings[index * 2] = x;
    embeddings[index * 2 + 1] = y;
    truth[index] = x + y > 0.6 ? 1 : 0;
    ids.push(`item-${index}`);
    texts.push(`${x.toFixed(4)} ${y.toFixed(4)}`);
  }
  return { ids, texts, embeddings, truth };
}

/** Parses a fake text back to its two coordinates. */
function vectorsOf(texts: readonly string[]): Float32Array {
  const out = new Float32Array(texts.length * 2);
  texts.forEach((text, index) => {
    const [x, y] = text.split(' ').map(Number);
    out[index * 2] = x!;
    out[index * 2 + 1] = y!;
  });
  return out;
}

/** Embeds a fake pool's texts back into their 2-D vectors (`fake-2d`, 2 dimensions). */
export const fakeEmbedder: Embedder = {
  specificationVersion: 'v1',
  provider: 'fake',
  modelId: 'fake-2d',
  dimensions: 2,
  embed: async (texts) => vectorsOf(texts),
};

/** Call counts, to check which path the driver took. */
export interface CallLog {
  classify: number;
  classifyEmbedded: number;
  adapt: number;
  adaptEmbedded: number;
  /** Per adapt: how many examples, and the version of the model that was adapted. */
  adaptSizes: number[];
  adaptedFrom: number[];
}

/**
 * A nearest-centroid classifier: P(positive) = logistic(distance to the negative centroid minus distance to the
 * positive one). Version 0 starts with a poor guess (the boundary at x = 0.8, ignoring y).
 */
export function fakeClassifier(
  log: CallLog,
  options: { withHead?: boolean; centroids?: Float64Array; version?: number } = {},
): Classifier {
  const centroids = options.centroids ?? Float64Array.from([0.4, 0.5, 1.2, 0.5]);
  const version = options.version ?? 0;
  const score = (vectors: Float32Array) => centroidScores(centroids, vectors);
  const fit = (vectors: Float32Array, labels: Uint8Array): Classifier =>
    fakeClassifier(log, {
      ...options,
      centroids: refitCentroids(centroids, vectors, labels),
      version: version + 1,
    });
  const head: EmbeddingHead = {
    embedderId: 'fake-2d',
    dimensions: 2,
    classifyEmbedded: async (vectors) => {
      log.classifyEmbedded++;
      return score(vectors);
    },
    adaptEmbedded: async (vectors, labels) => {
      log.adaptEmbedded++;
      log.adaptSizes.push(labels.length);
      log.adaptedFrom.push(version);
      return fit(vectors, labels);
    },
  };
  return {
    specificationVersion: 'v1',
    provider: 'fake',
    modelId: 'fake-centroid',
    version,
    classify: async (texts) => {
      log.classify++;
      return score(vectorsOf(texts));
    },
    adapt: async (examples) => {
      log.adapt++;
      return fit(
        vectorsOf(examples.map((example) => example.text)),
        Uint8Array.from(examples, (example) => example.label),
      );
    },
    ...(options.withHead === false ? {} : { head }),
  };
}

/** P(positive) of each 2-d row: logistic of (distance to the negative centroid - distance to the positive). */
function centroidScores(centroids: Float64Array, vectors: Float32Array): Float64Array {
  const n = vectors.length / 2;
  const out = new Float64Array(n);
  for (let index = 0; index < n; index++) {
    const x = vectors[index * 2]!;
    const y = vectors[index * 2 + 1]!;
    const negative = Math.hypot(x - centroids[0]!, y - centroids[1]!);
    const positive = Math.hypot(x - centroids[2]!, y - centroids[3]!);
    out[index] = 1 / (1 + Math.exp(-8 * (negative - positive)));
  }
  return out;
}

/** Each label's centroid is the mean of its rows; a label with no rows keeps its old centroid. */
function refitCentroids(centroids: Float64Array, vectors: Float32Array, labels: Uint8Array): Float64Array {
  const sums = new Float64Array(4);
  const counts = new Float64Array(2);
  labels.forEach((label, index) => {
    sums[label * 2]! += vectors[index * 2]!;
    sums[label * 2 + 1]! += vectors[index * 2 + 1]!;
    counts[label]!++;
  });
  const next = Float64Array.from(centroids);
  for (const label of [0, 1]) {
    if (counts[label]! === 0) continue;
    next[label * 2] = sums[label * 2]! / counts[label]!;
    next[label * 2 + 1] = sums[label * 2 + 1]! / counts[label]!;
  }
  return next;
}

/** An empty call log. */
export function newLog(): CallLog {
  return { classify: 0, classifyEmbedded: 0, adapt: 0, adaptEmbedded: 0, adaptSizes: [], adaptedFrom: [] };
}

/**
 * Three experts who give the true label except on a few items (by hash), and who cannot label items whose hash
 * falls in `unavailableShare`.
 */
export function fakePanel(
  pool: FakePool,
  options: { unavailableShare?: number; noise?: number } = {},
): Annotator {
  const unavailableShare = options.unavailableShare ?? 0;
  const noise = options.noise ?? 0.08;
  const index = new Map(pool.ids.map((id, position) => [id, position]));
  return {
    specificationVersion: 'v1',
    id: 'fake-panel',
    role: 'expert',
    annotate: async (items: readonly Item[]): Promise<Annotation[]> =>
      items.map((item) => {
        if (hash32(item.id, 99) / 4294967296 < unavailableShare) {
          return { status: 'unavailable', item: item.id, reason: 'expert out of office' };
        }
        const truth = pool.truth[index.get(item.id)!]!;
        const labels = ['a', 'b', 'c'].map((annotator) => {
          const flip = hash32(`${annotator}:${item.id}`) / 4294967296 < noise;
          const label = flip ? 1 - truth : truth;
          return { item: item.id, annotator, role: 'expert' as const, label: label === 1 ? 'yes' : 'no' };
        });
        return { status: 'labelled', item: item.id, labels };
      }),
  };
}

/** Picks the unreviewed items whose score is nearest 0.5. */
export const fakeUncertaintyPolicy: SamplingPolicy = async (input) => {
  const n = input.reviewed.length;
  const order: number[] = [];
  for (let index = 0; index < n; index++) if (input.reviewed[index] === 0) order.push(index);
  const scores = input.scores!;
  order.sort((a, b) => Math.abs(scores[a]! - 0.5) - Math.abs(scores[b]! - 0.5) || a - b);
  return { policy: 'fake-uncertainty', items: Int32Array.from(order.slice(0, input.budget)), warnings: [] };
};

/** A sharded fake: the memory store behind the sharded port, with counts of what the executor read. */
export interface FakeShardedStore extends CurationStore {
  readonly inner: MemoryStore;
  /** Shards read through the vectors the store hands out, by shard index. */
  readonly shardReads: number[];
  /** Items whose texts were read (`itemsAt`). */
  readonly textReads: number[];
}

/**
 * A memory store seen as a sharded pool of `rowsPerShard` items: `passes` embed and score shard by shard in
 * process; `pool()` and `readVectors` are refused, as a sharded store refuses them.
 */
export function fakeShardedStore(
  inner: MemoryStore,
  embedder: Embedder,
  rowsPerShard: number,
): FakeShardedStore {
  const shardReads: number[] = [];
  const textReads: number[] = [];
  const refuse = async (): Promise<never> => {
    throw new BorderlineError({
      code: 'internal',
      message: 'fake sharded store: the pool is not read whole',
    });
  };
  const shardsOf = async (space: VectorSpace): Promise<VectorShards> =>
    countingShards(matrixShards(await inner.readVectors(space), space.dimensions, rowsPerShard), shardReads);
  const passes: PoolPasses = {
    embed: async (space) => {
      await embedInChunks(inner, embedder, space, rowsPerShard);
      return shardsOf(space);
    },
    score: async (version, model, space) => {
      await scoreByShard(inner, await shardsOf(space), { version, model, space, rowsPerShard });
      return inner.readScores(version);
    },
  };
  return {
    ...inner,
    inner,
    shardReads,
    textReads,
    passes,
    pool: refuse,
    readVectors: refuse,
    itemsAt: (items) => {
      textReads.push(...items);
      return inner.itemsAt(items);
    },
  };
}

/** The shards, each `readShard` noted in `reads`. */
function countingShards(shards: VectorShards, reads: number[]): VectorShards {
  return {
    ...shards,
    readShard: (shard, options) => {
      reads.push(shard);
      return shards.readShard(shard, options);
    },
  };
}

/** Embeds the pool's missing vectors `rowsPerShard` items at a time, from the first missing row. */
async function embedInChunks(
  inner: MemoryStore,
  embedder: Embedder,
  space: VectorSpace,
  rowsPerShard: number,
): Promise<void> {
  for (let done = await inner.vectorCount(space); done < inner.poolSize; ) {
    const end = Math.min(inner.poolSize, done + rowsPerShard);
    const items = Array.from({ length: end - done }, (_, offset) => done + offset);
    await inner.writeVectors(space, done, await embedder.embed((await inner.itemsAt(items)).texts));
    done = end;
  }
}

/** Scores the shards a version lacks, one shard at a time, each shard's scores written as it goes. */
async function scoreByShard(
  inner: MemoryStore,
  shards: VectorShards,
  work: { version: number; model: Classifier; space: VectorSpace; rowsPerShard: number },
): Promise<void> {
  const { version, model, space, rowsPerShard } = work;
  for (let shard = (await inner.scoreCount(version)) / rowsPerShard; shard < shards.starts.length; shard++) {
    const rows = await shards.readShard(shard);
    const start = shards.starts[shard]!;
    const items = Array.from({ length: rows.length / space.dimensions }, (_, offset) => start + offset);
    const texts = async () => (await inner.itemsAt(items)).texts;
    const scores = await scoreRows(model, { space, vectors: rows, texts });
    await inner.writeScores(version, shards.starts[shard]!, scores);
  }
}
