import type { Example, Rng } from '@borderline/core';

/** Few-shot examples per class. */
export const FEW_SHOT_PER_CLASS = 4;
/** Clear negative: an expert calls it violating with probability under 5%. */
const CLEAR_NEGATIVE = 0.05;

/** Inputs of {@link pickFewShot}: the pool's texts and what an expert would say of each. */
export interface FewShotPool {
  readonly texts: readonly string[];
  readonly consensus: Float64Array;
  readonly subtlety: Float32Array;
  readonly vertical: Uint8Array;
}

/**
 * A fair few-shot set for LLM-0: clear positives (consensus > .9) that alternate between obvious (subtlety <= .5)
 * and subtle violations, as a policy's examples cover both kinds, each paired with a clear negative (consensus
 * < .05) of the same vertical and the same number of words. Why matched: a violating ad carries one sentence more
 * than a plain one, and to a similarity scorer a longer, more generic text is nearer to every ad; unmatched, the
 * examples taught "long means violating" (seed 1: LLM-0 called 84% of the pool violating, kappa .02). A pair that
 * differs in the cue, not in the vertical or length, shows the policy. Seeded order; falls back to any clear
 * example when the pool holds no match (small pools).
 */
export function pickFewShot(rng: Rng, pool: FewShotPool): Example[] {
  const { texts, consensus } = pool;
  const order = rng.sample(texts.length, texts.length);
  const partners = rng.sample(texts.length, texts.length);
  const used = new Set<number>();
  const examples: Example[] = [];
  for (let want = 0; want < FEW_SHOT_PER_CLASS; want++) {
    const subtle = want % 2 === 1;
    const positive =
      findIndex(
        order,
        used,
        (index) => isClearPositive(pool, index) && pool.subtlety[index]! > 0.5 === subtle,
      ) ?? findIndex(order, used, (index) => isClearPositive(pool, index));
    if (positive === undefined) break;
    used.add(positive);
    const words = wordCount(texts[positive]!);
    const negative =
      findIndex(
        partners,
        used,
        (index) =>
          consensus[index]! < CLEAR_NEGATIVE &&
          pool.vertical[index] === pool.vertical[positive] &&
          wordCount(texts[index]!) === words,
      ) ?? findIndex(partners, used, (index) => consensus[index]! < CLEAR_NEGATIVE);
    examples.push({ text: texts[positive]!, label: 1 });
    if (negative === undefined) continue;
    used.add(negative);
    examples.push({ text: texts[negative]!, label: 0 });
  }
  return examples;
}

function isClearPositive(pool: FewShotPool, index: number): boolean {
  return pool.consensus[index]! > 0.9;
}

function findIndex(
  order: ArrayLike<number>,
  used: ReadonlySet<number>,
  accept: (index: number) => boolean,
): number | undefined {
  for (let position = 0; position < order.length; position++) {
    const index = order[position]!;
    if (!used.has(index) && accept(index)) return index;
  }
  return undefined;
}

function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let position = 0; position < text.length; position++) {
    const space = text.charCodeAt(position) === 32;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}
