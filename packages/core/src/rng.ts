import { invalidArgument } from './errors';
import { fmix32, fnv1a32, splitmix32, xoshiro128StarStar } from './rng-primitives';

/** A seed: any finite number or a string (hashed). Same seed, same stream, on every platform. */
export type Seed = number | string;

/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through splitmix32). Not for cryptography.
 * Every random choice in borderline takes one of these, so a run is reproducible from its seed.
 */
export interface Rng {
  /** The next 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform in [0, 1) with 53 random bits. */
  float(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** An integer uniform in [min, maxExclusive), without modulo bias. */
  int(min: number, maxExclusive: number): number;
  /** Normal with the given mean and standard deviation (Box-Muller). */
  normal(mean?: number, standardDeviation?: number): number;
  /** True with probability p. */
  bernoulli(p: number): boolean;
  /** Shuffles in place (Fisher-Yates) and returns the same array. */
  shuffle<T extends { length: number; [index: number]: unknown }>(values: T): T;
  /** k distinct indices from [0, n), in random order. */
  sample(n: number, k: number): Int32Array;
  /**
   * An independent generator derived from this one's seed and `key`. It does not depend on how many numbers this
   * generator has drawn, so adding a draw in one stage does not shift another stage's stream.
   */
  fork(key: string | number): Rng;
}

/** 32-bit FNV-1a followed by a murmur3 finaliser: a fast, well-mixed string hash (not cryptographic). */
export function hash32(text: string, seed = 0): number {
  return fmix32(fnv1a32(text, seed));
}

function seedToUint32(seed: Seed): number {
  if (typeof seed === 'string') return hash32(seed);
  if (!Number.isFinite(seed)) throw invalidArgument('createRng', `seed must be finite, got ${seed}`);
  // Mix the high and low halves so seeds beyond 2^32 still differ.
  const low = seed >>> 0;
  const high = Math.floor(seed / 4294967296) >>> 0;
  return fmix32(low ^ Math.imul(high, 0x9e3779b9) ^ (seed < 0 ? 0x5bd1e995 : 0));
}

/** Creates a generator from a seed. */
export function createRng(seed: Seed): Rng {
  return fromState(seedToUint32(seed));
}

function fromState(root: number): Rng {
  const nextUint32 = seededXoshiro(root);
  const float = float53(nextUint32);
  const int = unbiasedInt(nextUint32, float);
  const rng: Rng = {
    nextUint32,
    float,
    uniform: (min, max) => min + (max - min) * float(),
    int,
    normal: boxMuller(float),
    bernoulli: (p) => float() < p,
    shuffle: (values) => shuffleInPlace(int, values),
    sample: (n, k) => sampleWithoutReplacement(rng, n, k),
    fork: (key) =>
      fromState(fmix32(root ^ (typeof key === 'number' ? seedToUint32(key) : hash32(key, 0x27d4eb2d)))),
  };
  return rng;
}

/** xoshiro128** seeded from `root` through splitmix32 (an all-zero state is nudged to 1). */
function seededXoshiro(root: number): () => number {
  const mix = splitmix32(root);
  const state = new Uint32Array([mix(), mix(), mix(), mix()]);
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1;
  return xoshiro128StarStar(state);
}

/** Uniform in [0, 1) from two 32-bit draws (26 + 27 = 53 random bits). */
function float53(nextUint32: () => number): () => number {
  return () => {
    const high = nextUint32() >>> 5;
    const low = nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  };
}

/** Integers uniform in [min, maxExclusive), by rejection below 2^32 and by scaling a float above it. */
function unbiasedInt(
  nextUint32: () => number,
  float: () => number,
): (min: number, maxExclusive: number) => number {
  return (min, maxExclusive) => {
    const range = maxExclusive - min;
    if (!(range >= 1) || !Number.isInteger(min) || !Number.isInteger(maxExclusive)) {
      throw invalidArgument('Rng.int', `needs integers min < max, got [${min}, ${maxExclusive})`);
    }
    if (range > 4294967296) return min + Math.floor(float() * range);
    // Rejection sampling: drop the top partial block of 2^32 so every value is equally likely.
    const limit = 4294967296 - (4294967296 % range);
    let draw = nextUint32();
    while (draw >= limit) draw = nextUint32();
    return min + (draw % range);
  };
}

/** Box-Muller normals; each pair of uniforms yields two normals, the second kept for the next call. */
function boxMuller(float: () => number): (mean?: number, standardDeviation?: number) => number {
  let spareNormal = Number.NaN;
  return (mean = 0, standardDeviation = 1) => {
    if (!Number.isNaN(spareNormal)) {
      const value = spareNormal;
      spareNormal = Number.NaN;
      return mean + standardDeviation * value;
    }
    let u = float();
    while (u === 0) u = float();
    const v = float();
    const radius = Math.sqrt(-2 * Math.log(u));
    spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + standardDeviation * radius * Math.cos(2 * Math.PI * v);
  };
}

/** Fisher-Yates in place, drawing from `int`. */
function shuffleInPlace<T extends { length: number; [index: number]: unknown }>(
  int: (min: number, maxExclusive: number) => number,
  values: T,
): T {
  for (let index = values.length - 1; index > 0; index--) {
    const other = int(0, index + 1);
    const held = values[index];
    values[index] = values[other];
    values[other] = held;
  }
  return values;
}

function sampleWithoutReplacement(rng: Rng, n: number, k: number): Int32Array {
  if (!Number.isInteger(n) || !Number.isInteger(k) || n < 0 || k < 0 || k > n) {
    throw invalidArgument('Rng.sample', `needs integers 0 <= k <= n, got n=${n}, k=${k}`);
  }
  const out = new Int32Array(k);
  if (k * 4 <= n) {
    // Sparse case: rejection against a set beats materialising all n indices.
    const taken = new Set<number>();
    for (let index = 0; index < k; index++) {
      let draw = rng.int(0, n);
      while (taken.has(draw)) draw = rng.int(0, n);
      taken.add(draw);
      out[index] = draw;
    }
    return out;
  }
  const all = new Int32Array(n);
  for (let index = 0; index < n; index++) all[index] = index;
  for (let index = 0; index < k; index++) {
    const other = rng.int(index, n);
    const held = all[index]!;
    all[index] = all[other]!;
    all[other] = held;
  }
  out.set(all.subarray(0, k));
  return out;
}
