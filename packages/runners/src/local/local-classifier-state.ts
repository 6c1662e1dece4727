import type { Seed } from '@borderline/core';
import type { HeadWeights } from './head-network';
import type { LocalClassifierCalibration, TrainingConfig } from './head-training';

export type { LocalClassifierCalibration } from './head-training';

/** `small`: L2-regularised logistic regression. `large`: a one-hidden-layer ReLU MLP with dropout and weight decay. */
export type LocalClassifierSize = 'small' | 'large';

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
