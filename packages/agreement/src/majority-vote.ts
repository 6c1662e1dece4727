import { createRng, invalidArgument, type Rng, type Seed } from '@borderline/core';
import { checkPanel, type PanelOptions } from './panel';

/**
 * What a tied vote yields. `missing`: -1 (the item has no majority). `lowest`/`highest`: the tied category with the
 * smallest/largest code (on an ordered set, the more lenient or the stricter reading). `random`: a seeded draw
 * among the tied categories.
 */
export type TiePolicy = 'missing' | 'lowest' | 'highest' | 'random';

/** Options of the majority vote. */
export interface MajorityVoteOptions extends PanelOptions {
  /** Default `missing`, so no label is invented. */
  readonly tie?: TiePolicy;
  /** Required with `tie: 'random'`; ties are drawn in item order from one stream. */
  readonly seed?: Seed;
}

/**
 * The majority label of each item among the selected annotators (-1 for an item nobody labelled, and for a tie
 * under `tie: 'missing'`).
 */
export function majorityVote(matrix: Int32Array, options: MajorityVoteOptions): Int32Array {
  const shape = checkPanel('majorityVote', matrix, options);
  const tie = options.tie ?? 'missing';
  if (tie === 'random' && options.seed === undefined) {
    throw invalidArgument('majorityVote', "tie: 'random' needs a seed");
  }
  const rng = tie === 'random' ? createRng(options.seed ?? 0) : undefined;
  const { items, annotators, categories: k, select } = shape;
  const votes = new Int32Array(k);
  const out = new Int32Array(items);
  for (let item = 0; item < items; item++) {
    votes.fill(0);
    for (let s = 0; s < select.length; s++) {
      const code = matrix[item * annotators + select[s]!]!;
      if (code >= 0) votes[code]!++;
    }
    out[item] = winner(votes, tie, rng);
  }
  return out;
}

function winner(votes: Int32Array, tie: TiePolicy, rng: Rng | undefined): number {
  let best = 0;
  let tied = 0;
  let first = -1;
  let last = -1;
  for (let code = 0; code < votes.length; code++) {
    const count = votes[code]!;
    if (count === 0 || count < best) continue;
    if (count > best) {
      best = count;
      tied = 1;
      first = code;
    } else tied++;
    last = code;
  }
  if (tied <= 1) return first;
  switch (tie) {
    case 'missing':
      return -1;
    case 'lowest':
      return first;
    case 'highest':
      return last;
    case 'random':
      return nthTied(votes, best, (rng as Rng).int(0, tied));
    default: {
      const unknown: never = tie;
      throw invalidArgument(
        'majorityVote',
        `tie must be missing, lowest, highest or random, got ${String(unknown)}`,
      );
    }
  }
}

function nthTied(votes: Int32Array, best: number, nth: number): number {
  let seen = 0;
  for (let code = 0; code < votes.length; code++) {
    if (votes[code] !== best) continue;
    if (seen === nth) return code;
    seen++;
  }
  return -1;
}
