import type { AdsTask } from './types';

/**
 * The calibration constants of the ads world and its panels: inputs only, never model results.
 * Found by `scripts/calibrate.ts` (a grid search on the curated proxy, see the README), and checked by
 * `calibration.test.ts`. Targets, measured on the proxy drawn to what the replay's loop really selects
 * (`LOOP_COMPOSITION`): expert pairwise kappa .81 (lower) / .78 (higher), crowd vs expert-majority kappa
 * .59 / .41, and on the whole pool ~95% benign crowd labels.
 */
export interface TaskCalibration {
  /** consensus = sigmoid(sharpness x latent score): higher is crisper, raising expert agreement. */
  readonly sharpness: number;
  /** SD of each expert's fixed logit bias (experts differ a little in strictness). */
  readonly expertBiasSd: number;
  /** Crowd logit = crowdSlope x logit(consensus) + crowdOffset - crowdMiss x subtlety. */
  readonly crowdSlope: number;
  readonly crowdOffset: number;
  /** How strongly subtlety hides a violation from the crowd (the crowd's systematic error). */
  readonly crowdMiss: number;
  /** Chance a crowd label is a coin flip (inattention): the crowd's random error. */
  readonly crowdFlip: number;
}

/** The constants per task. */
export const CALIBRATION: Readonly<Record<AdsTask, TaskCalibration>> = {
  lower: {
    sharpness: 1.84,
    expertBiasSd: 0.15,
    crowdSlope: 0.5,
    crowdOffset: -0.78,
    crowdMiss: 1.17,
    crowdFlip: 0.005,
  },
  higher: {
    sharpness: 1.89,
    expertBiasSd: 0.2,
    crowdSlope: 0.4,
    crowdOffset: -0.34,
    crowdMiss: 4.26,
    crowdFlip: 0.005,
  },
};
