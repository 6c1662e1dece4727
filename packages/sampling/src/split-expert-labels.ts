import { createRng, invalidArgument, type Seed } from '@borderline/core';

/** Options of {@link splitExpertLabels}. */
export interface SplitOptions {
  /** Share of each batch that goes to fine-tuning (default 0.62, the paper's implied 62:38). */
  readonly fineTuneShare?: number;
  /** Include the iteration in the seed, so each batch gets its own draw. */
  readonly seed: Seed;
}

/** A batch's split, ids in input order. */
export interface ExpertSplit {
  readonly fineTune: string[];
  readonly evaluation: string[];
}

/**
 * Splits one batch of expert-labelled items into fine-tuning and evaluation, at random (seeded) and stratified
 * by the experts' label: within each label, round(share x count) items go to fine-tuning, with rounding carried
 * across labels so the batch total is round(share x batch size). Items without a label form their own stratum.
 * Applied batch by batch (the caller passes only the new batch), earlier splits never move.
 */
export function splitExpertLabels(
  batch: readonly { readonly id: string; readonly label?: number }[],
  options: SplitOptions,
): ExpertSplit {
  const { fineTuneShare = 0.62, seed } = options;
  if (!(fineTuneShare >= 0 && fineTuneShare <= 1)) {
    throw invalidArgument('splitExpertLabels', `fineTuneShare must be in [0, 1], got ${fineTuneShare}`);
  }
  const strata = new Map<string, number[]>();
  const seen = new Set<string>();
  batch.forEach((item, position) => {
    if (seen.has(item.id))
      throw invalidArgument('splitExpertLabels', `batch[${position}].id "${item.id}" appears twice`);
    seen.add(item.id);
    const key = item.label === undefined ? 'unlabelled' : `label:${item.label}`;
    const list = strata.get(key) ?? [];
    list.push(position);
    strata.set(key, list);
  });
  const rng = createRng(seed).fork('split-expert-labels');
  const toFineTune = new Uint8Array(batch.length);
  let assigned = 0;
  let counted = 0;
  for (const key of [...strata.keys()].sort()) {
    const positions = strata.get(key)!;
    counted += positions.length;
    const take = Math.round(fineTuneShare * counted) - assigned;
    const shuffled = rng.fork(key).shuffle(positions.slice());
    for (let index = 0; index < take; index++) toFineTune[shuffled[index]!] = 1;
    assigned += take;
  }
  const fineTune: string[] = [];
  const evaluation: string[] = [];
  batch.forEach((item, position) => {
    (toFineTune[position] === 1 ? fineTune : evaluation).push(item.id);
  });
  return { fineTune, evaluation };
}
