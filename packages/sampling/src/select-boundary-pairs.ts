import { createRng, type Rng, throwIfAborted } from '@borderline/core';
import { copyRows, createCrossKernel } from '@borderline/kmeans';
import {
  BOUNDARY_PAIR_DEFAULTS,
  type BoundaryPairOptions,
  checkBoundaryPairOptions,
  wantedClusters,
} from './boundary-pair-options';
import { findCandidatePairs } from './candidate-pairs';
import { appendWith } from './fallback';
import {
  budgeted,
  fewItemsWarning,
  type Mined,
  minedSelection,
  nothingToMine,
  searchPairs,
  sideWarnings,
  testedPairs,
} from './mine-pairs';
import { pairFactor } from './pair-doubt';
import type { Selection, SelectionInput } from './policy';
import { isScoreStrataBatch, selectScoreStrata } from './score-strata';
import { checkSelectionInput, unreviewedIndices } from './selection-input';
import { clusterSide, type SideClusters } from './side-clusters';

export { BOUNDARY_PAIR_DEFAULTS, type BoundaryPairOptions } from './boundary-pair-options';

/** Input of {@link selectBoundaryPairs}. */
export type BoundaryPairInput = SelectionInput & BoundaryPairOptions;

/**
 * Boundary-pair mining (DESIGN.md steps 2-4): clusters unreviewed items predicted positive and predicted
 * negative separately, tests every positive/negative cluster pair for overlap, finds the nearest cross-label
 * item pairs inside overlapping pairs, and when they exceed the budget keeps those covering the larger area.
 * Never selects a reviewed item or one item twice; a pair counts two against the budget (an odd budget's last
 * slot takes the positive item of the next pair). Degenerate inputs return fewer items and say why in
 * `warnings`; they fall back to another policy only when `fallback` is set. With `firstBatch` 'score-strata', a
 * call on a pool with nothing reviewed yet selects the score strata instead.
 */
export async function selectBoundaryPairs(input: BoundaryPairInput): Promise<Selection> {
  checkSelectionInput(input, 'boundary-pairs');
  checkBoundaryPairOptions(input);
  if (isScoreStrataBatch(input.firstBatch, input.reviewed)) return selectScoreStrata(input, 'boundary-pairs');
  const share = Math.round(input.budget * (input.uncertaintyShare ?? 0));
  if (share === 0) return selectPairs(input);
  const pairs = await selectPairs({ ...input, budget: input.budget - share });
  return appendWith('uncertainty', input, pairs, input.budget - pairs.items.length);
}

/** The pairs (and the fallback, if set) for the whole of `input.budget`. */
async function selectPairs(input: BoundaryPairInput): Promise<Selection> {
  const warnings: string[] = [];
  const mined = await mine(input, warnings);
  return minedSelection(mined, warnings, input.budget, { policy: input.fallback, input: () => input });
}

async function mine(input: BoundaryPairInput, warnings: string[]): Promise<Mined> {
  const positives = unreviewedIndices(input, 1);
  const negatives = unreviewedIndices(input, 0);
  if (nothingToMine(input.budget, positives.length, negatives.length, warnings))
    return { items: [], pairs: [] };
  const rng = createRng(input.seed).fork('boundary-pairs');
  const [positive, negative] = clusterSides(input, positives, negatives, rng, warnings);
  throwIfAborted(input.signal, 'boundary-pairs');
  const { embeddings, dimensions } = input;
  const tested = testedPairs(input, { positive, negative }, embeddings, dimensions, rng);
  throwIfAborted(input.signal, 'boundary-pairs');
  const settings = {
    embeddings,
    dimensions,
    candidatesPerCluster: input.candidatesPerCluster ?? BOUNDARY_PAIR_DEFAULTS.candidatesPerCluster,
    maxPairsPerClusterPair: input.maxPairsPerClusterPair ?? BOUNDARY_PAIR_DEFAULTS.maxPairsPerClusterPair,
    kernel: createCrossKernel(dimensions, input.pairSearchKernel ?? 'js'),
    factor: pairFactor(input, input.scores, 'boundary-pairs'),
  };
  const candidates = await searchPairs(
    input,
    tested,
    async (clusterPairs) => findCandidatePairs(clusterPairs, positive, negative, settings),
    warnings,
  );
  return budgeted(input, candidates, tested.threshold, { embeddings, dimensions, rng });
}

function clusterSides(
  input: BoundaryPairInput,
  positives: Int32Array,
  negatives: Int32Array,
  rng: Rng,
  warnings: string[],
): [SideClusters, SideClusters] {
  const quantile = input.radiusQuantile ?? BOUNDARY_PAIR_DEFAULTS.radiusQuantile;
  const side = (label: 0 | 1, items: Int32Array): SideClusters => {
    const name = label === 1 ? 'positive' : 'negative';
    const k = wantedClusters(input.k, name, items.length);
    const few = fewItemsWarning(name, items.length, k);
    if (few !== undefined) warnings.push(few);
    const points = copyRows(input.embeddings, input.dimensions, items);
    const clusters = clusterSide(label, items, points, input.dimensions, {
      k,
      seed: rng.fork(name).nextUint32(),
      radiusQuantile: quantile,
      signal: input.signal,
      cache: input.clusterCache,
      embeddings: input.embeddings,
      sample: input.clusterSample,
    });
    warnings.push(...sideWarnings(name, clusters.clustering));
    return clusters;
  };
  return [side(1, positives), side(0, negatives)];
}
