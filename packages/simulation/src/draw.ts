import { hash32, type Seed } from '@borderline/core';

/**
 * Counter-based draws: a uniform in [0, 1) that is a pure function of (seed, stream, index). Panels use it so a
 * label depends only on who labels what, never on call order: asking twice gives the same answer.
 */

/** A 32-bit key for a seed and a purpose (e.g. `expert`, `crowd`). */
export function seedKey(seed: Seed, purpose: string): number {
  return hash32(`${purpose}:${typeof seed}:${String(seed)}`);
}

function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1) for (key, stream, index); two rounds of mixing so nearby indices are unrelated. */
export function unitDraw(key: number, stream: number, index: number): number {
  const first = mix(key ^ Math.imul(index + 1, 0x9e3779b1));
  return mix(first ^ Math.imul(stream + 1, 0x85ebca77)) / 4294967296;
}

/** log(p / (1 - p)), with p kept inside [1e-9, 1 - 1e-9] so certainties stay finite. */
export function logit(p: number): number {
  const clamped = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
  return Math.log(clamped / (1 - clamped));
}

/** 1 / (1 + e^-x). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
