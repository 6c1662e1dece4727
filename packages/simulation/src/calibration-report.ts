import { invalidArgument, type Seed } from '@borderline/core';
import { binaryKappa } from './binary-kappa';
import type { Crowd } from './create-crowd';
import type { ExpertPanel } from './create-expert-panel';
import { curatedProxySample } from './curated-proxy-sample';
import { expectedAgreement } from './expected-agreement';
import type { AdsWorld } from './types';

/** The calibration figures of a world and its panels (the paper's table rows for one task). */
export interface CalibrationReport {
  /** Items the kappas were measured on. */
  readonly items: number;
  /** Share of those items the expert majority calls violating. */
  readonly expertPositiveShare: number;
  /** Mean Cohen's kappa over expert pairs (the ceiling). */
  readonly expertPairwiseKappa: number;
  readonly expertPairKappas: readonly number[];
  /** Cohen's kappa of the crowd label against the expert majority. */
  readonly crowdExpertKappa: number;
  /**
   * The same two kappas of the expected tables (`expectedAgreement`): what the drawn figures scatter around on
   * these items, so a gap between the two is the draws' luck, not the calibration.
   */
  readonly expectedExpertPairwiseKappa: number;
  readonly expectedCrowdExpertKappa: number;
  /** Crowd recall of expert-majority violations with subtlety < .5 and >= .5 (NaN when a group is empty). */
  readonly crowdRecallObvious: number;
  readonly crowdRecallSubtle: number;
  /** On the whole pool: share of benign crowd labels, and share of ads with consensus > .5. */
  readonly crowdBenignShare: number;
  readonly poolViolatingShare: number;
}

/** Options of `calibrationReport`: the items to measure on (the real curated set), or a proxy drawn with `seed`. */
export interface CalibrationReportOptions {
  readonly indices?: Int32Array;
  readonly seed?: Seed;
}

/**
 * Measures the calibration figures. The replay passes its real curated set as `indices`; without them the
 * task's loop-shaped proxy (`curatedProxySample`, drawn to `LOOP_COMPOSITION`) is used. Expert majority is strict
 * (ties count as benign).
 */
export function calibrationReport(
  world: AdsWorld,
  panel: ExpertPanel,
  crowd: Crowd,
  options: CalibrationReportOptions = {},
): CalibrationReport {
  const indices = options.indices ?? curatedProxySample(world, { seed: options.seed ?? 0 });
  if (indices.length === 0) throw invalidArgument('calibrationReport', 'needs at least one item');
  const { matrix, annotators } = panel.labelIndices(indices);
  const n = indices.length;
  const pairKappas = expertPairKappas(matrix, n, annotators.length);
  const { majority, crowdLabels, recall } = majorityAndCrowd(
    world,
    crowd,
    indices,
    matrix,
    annotators.length,
  );
  const expected = expectedAgreement(panel, crowd, indices);
  return {
    items: n,
    expertPositiveShare: sum(majority) / n,
    expertPairwiseKappa:
      pairKappas.length === 0 ? 1 : pairKappas.reduce((s, k) => s + k, 0) / pairKappas.length,
    expertPairKappas: pairKappas,
    crowdExpertKappa: binaryKappa(crowdLabels, majority, n),
    expectedExpertPairwiseKappa: expected.expertPairwiseKappa,
    expectedCrowdExpertKappa: expected.crowdExpertKappa,
    crowdRecallObvious: recall.obvious === 0 ? Number.NaN : recall.obviousHit / recall.obvious,
    crowdRecallSubtle: recall.subtle === 0 ? Number.NaN : recall.subtleHit / recall.subtle,
    crowdBenignShare: 1 - sum(crowd.labels) / crowd.labels.length,
    poolViolatingShare: world.consensus.reduce((s, p) => s + (p > 0.5 ? 1 : 0), 0) / world.consensus.length,
  };
}

/** Cohen's kappa of every expert pair (a < b, in order) on the n x experts label matrix. */
function expertPairKappas(matrix: Int32Array, n: number, experts: number): number[] {
  const pairKappas: number[] = [];
  for (let a = 0; a < experts; a++) {
    for (let b = a + 1; b < experts; b++) {
      pairKappas.push(
        binaryKappa(matrix, matrix, n, { aOffset: a, aStride: experts, bOffset: b, bStride: experts }),
      );
    }
  }
  return pairKappas;
}

/** Counts of expert-majority violations, obvious (subtlety < .5) and subtle, and how many the crowd flagged. */
interface CrowdRecall {
  obvious: number;
  obviousHit: number;
  subtle: number;
  subtleHit: number;
}

/** Per measured item: the strict expert majority, the crowd label, and the crowd's recall counts by subtlety. */
function majorityAndCrowd(
  world: AdsWorld,
  crowd: Crowd,
  indices: Int32Array,
  matrix: Int32Array,
  experts: number,
): { readonly majority: Uint8Array; readonly crowdLabels: Uint8Array; readonly recall: CrowdRecall } {
  const n = indices.length;
  const majority = new Uint8Array(n);
  const crowdLabels = new Uint8Array(n);
  const recall: CrowdRecall = { obvious: 0, obviousHit: 0, subtle: 0, subtleHit: 0 };
  for (let row = 0; row < n; row++) {
    let votes = 0;
    for (let expert = 0; expert < experts; expert++) votes += matrix[row * experts + expert]!;
    majority[row] = 2 * votes > experts ? 1 : 0;
    const index = indices[row]!;
    crowdLabels[row] = crowd.labels[index]!;
    if (majority[row] === 1) {
      const subtle = world.subtlety[index]! >= 0.5;
      if (subtle) recall.subtle++;
      else recall.obvious++;
      if (crowdLabels[row] === 1) {
        if (subtle) recall.subtleHit++;
        else recall.obviousHit++;
      }
    }
  }
  return { majority, crowdLabels, recall };
}

function sum(values: Uint8Array): number {
  let total = 0;
  for (let index = 0; index < values.length; index++) total += values[index]!;
  return total;
}
