/**
 * The bit-exact primitives behind `createRng` and `hash32`. Each is a published algorithm, checked against
 * reference vectors in `rng-primitives.test.ts`: a changed constant changes every seeded result in borderline,
 * so it must fail a test.
 */

/** FNV-1a, 32-bit, over UTF-16 code units (bytes for ASCII), with `seed` xored into the offset basis. */
export function fnv1a32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < text.length; index++) {
    h ^= text.charCodeAt(index);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's 32-bit finaliser (`fmix32`): an avalanching bijection of 32-bit integers. */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** splitmix32: a Weyl sequence with the golden-ratio increment 0x9e3779b9, each step through {@link fmix32}. */
export function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    return fmix32(s);
  };
}

/**
 * xoshiro128** 1.1 (Blackman and Vigna): the next 32-bit output, advancing `state` (four 32-bit words, not all
 * zero) in place.
 */
export function xoshiro128StarStar(state: Uint32Array): () => number {
  return () => {
    const s0 = state[0]!;
    const s1 = state[1]!;
    const s2 = state[2]!;
    const s3 = state[3]!;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    state[1] = s1 ^ n2;
    state[0] = s0 ^ n3;
    state[2] = n2 ^ t;
    state[3] = (n3 << 11) | (n3 >>> 21);
    return result;
  };
}
