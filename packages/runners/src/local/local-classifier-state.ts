import type { Seed } from '@borderline/core';
import type { HeadWeights } from './head-network';
import type { TrainingConfig } from './head-training';

/** `small`: L2-regularised logistic regression. `large`: a one-hidden-layer ReLU MLP with dropout and weight decay. */
export type LocalClassifierSize = 'small' | 'large';

/**
 * What the probabilities mean. Training weighs each class half, so the trained head's P(positive) assumes
 * balanced classes. `balanced` keeps that. `prior` undoes the class weighting after training: the output bias
 * moves by log(pi / (1 - pi)), pi being the training set's example-weighted positive share, so P(positive) is
 * the probability under the training set's own class balance (see the README for the figures).
 */
export type LocalClassifierCalibration = 'balanced' | 'prior';

/** Everything a local classifier is: enough to rebuild it exactly (what `save()` writes). */
export interface LocalClassifierState {
  readonly size: LocalClassifierSize;
  readonly seed: Seed;
  readonly version: number;
  readonly embedderId: string;
  readonly training: TrainingConfig;
  /** How `adapt` turns the trained head into probabilities; the shift is already in `weights`. */
  readonly calibration: LocalClassifierCalibration;
  /** The untrained weights every `adapt` starts from. */
  readonly base: HeadWeights;
  readonly weights: HeadWeights;
}
