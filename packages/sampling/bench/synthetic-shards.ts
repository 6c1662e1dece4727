import { createRng, shardRows, type VectorShards } from '@borderline/core';

/**
 * A pool of `count` vectors that exists only shard by shard: item i is blob (i's hash mod 64)'s centre plus
 * uniform noise of unit variance, drawn from a generator seeded by i, so every read of a shard returns the same
 * rows and no read needs another shard. For benchmarks of pools larger than memory. `generation.seconds` is the
 * time spent making rows, which a real shard reader spends reading them instead.
 */
export function syntheticShards(
  count: number,
  dimensions: number,
  rowsPerShard: number,
  seed: string,
): VectorShards & { readonly generation: { seconds: number } } {
  const rng = createRng(seed);
  const blobs = 64;
  const centres = Float32Array.from({ length: blobs * dimensions }, () => rng.normal(0, 3));
  const starts: number[] = [];
  for (let start = 0; start < count; start += rowsPerShard) starts.push(start);
  const generation = { seconds: 0 };
  const shards = {
    generation,
    count,
    dimensions,
    starts,
    readShard: async (shard: number) => {
      const began = performance.now();
      const start = starts[shard]!;
      const rows = shardRows(shards, shard);
      const out = new Float32Array(rows * dimensions);
      for (let row = 0; row < rows; row++) fillRow(out, row, start + row, centres, dimensions);
      generation.seconds += (performance.now() - began) / 1000;
      return out;
    },
  };
  return shards;
}

const NOISE = Math.sqrt(3) / 2 ** 31;

function fillRow(
  out: Float32Array,
  row: number,
  item: number,
  centres: Float32Array,
  dimensions: number,
): void {
  let state = Math.imul(item + 1, 0x9e3779b1) | 1;
  state ^= state >>> 16;
  const blob = (state >>> 0) % 64;
  for (let j = 0; j < dimensions; j++) {
    // xorshift32, one draw per float: uniform on (-sqrt 3, sqrt 3), variance 1.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[row * dimensions + j] = centres[blob * dimensions + j]! + state * NOISE;
  }
}

/**
 * The model's labels for a synthetic pool, computed in one pass over its shards (the scoring pass of a real run):
 * positive where the projection on a seeded direction exceeds a threshold, about 10% of items.
 */
export async function syntheticLabels(vectors: VectorShards, seed: string): Promise<Uint8Array> {
  const rng = createRng(`${seed}:direction`);
  const { dimensions } = vectors;
  const normal = Float64Array.from({ length: dimensions }, () => rng.normal());
  const predicted = new Uint8Array(vectors.count);
  const threshold = 1.27 * Math.sqrt(10) * Math.sqrt(dimensions);
  for (let shard = 0; shard < vectors.starts.length; shard++) {
    const data = await vectors.readShard(shard);
    const start = vectors.starts[shard]!;
    for (let row = 0; row < data.length / dimensions; row++) {
      let projection = 0;
      for (let j = 0; j < dimensions; j++) projection += data[row * dimensions + j]! * normal[j]!;
      predicted[start + row] = projection > threshold ? 1 : 0;
    }
  }
  return predicted;
}
