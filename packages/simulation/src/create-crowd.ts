import {
  type Annotation,
  type Annotator,
  type CallOptions,
  type Item,
  invalidArgument,
  type Label,
  type Seed,
} from '@borderline/core';
import { annotateAds } from './ads-items';
import { CALIBRATION, type TaskCalibration } from './calibration';
import { logit, seedKey, sigmoid, unitDraw } from './draw';
import { ADS_LABELS, type AdsWorld } from './types';

/** Options of `createCrowd`. */
export interface CrowdOptions {
  readonly seed: Seed;
  /** Size of the worker pool; 200 by default. Each item gets one label from one worker. */
  readonly workers?: number;
  /** Overrides of the task's crowd constants (for calibration searches). */
  readonly calibration?: Partial<TaskCalibration>;
}

/** One crowd label per ad of the world, computed up front (the crowd baseline trains on all of them). */
export interface Crowd extends Annotator {
  readonly role: 'crowd';
  /** Worker ids; `worker[i]` indexes this list. */
  readonly annotators: readonly string[];
  /** 0 benign / 1 violating per ad. */
  readonly labels: Uint8Array;
  /** Which worker labelled each ad. */
  readonly worker: Uint16Array;
  /** P(the crowd label of ad `index` is violating): what `labels[index]` was drawn from. */
  probability(index: number): number;
  /** The labels as `Label`s, for the given ad indices (all ads by default). */
  toLabels(indices?: Int32Array): Label[];
  annotate(items: readonly Item[], options?: CallOptions): Promise<readonly Annotation[]>;
}

/**
 * The crowd: P(violating) = flip / 2 + (1 - flip) x sigmoid(slope x logit(consensus) + offset - miss x subtlety).
 * Its error is mostly systematic (subtle violations are missed) with a little random noise (flip). Each label is
 * a pure function of (seed, item).
 */
export function createCrowd(world: AdsWorld, options: CrowdOptions): Crowd {
  const workerCount = options.workers ?? 200;
  if (!Number.isInteger(workerCount) || workerCount < 1 || workerCount > 65535) {
    throw invalidArgument('createCrowd', `workers must be an integer in [1, 65535], got ${workerCount}`);
  }
  const constants = { ...CALIBRATION[world.task], ...options.calibration };
  const key = seedKey(options.seed, `crowd:${world.task}`);
  const size = world.ids.length;
  const probability = crowdProbability(world, constants);
  const labels = new Uint8Array(size);
  const worker = new Uint16Array(size);
  for (let index = 0; index < size; index++) {
    labels[index] = unitDraw(key, 0, index) < probability(index) ? 1 : 0;
    worker[index] = Math.floor(unitDraw(key, 1, index) * workerCount);
  }
  const annotators = workerNames(workerCount);
  const labelAt = (index: number): Label => ({
    item: world.ids[index]!,
    annotator: annotators[worker[index]!]!,
    role: 'crowd',
    label: ADS_LABELS[labels[index]!]!,
  });
  return {
    specificationVersion: 'v1',
    id: `simulated-crowd-${world.task}`,
    role: 'crowd',
    annotators,
    labels,
    worker,
    probability(index) {
      if (!(index >= 0 && index < size)) {
        throw invalidArgument('Crowd.probability', `index ${index} is outside [0, ${size})`);
      }
      return probability(index);
    },
    toLabels: (indices) => crowdLabels(labelAt, size, indices),
    annotate: (items, callOptions) =>
      annotateAds(world, items, (index) => [labelAt(index)], 'Crowd.annotate', callOptions),
  };
}

/** P(violating) per ad index under the task's crowd constants (see `createCrowd`). */
function crowdProbability(world: AdsWorld, constants: TaskCalibration): (index: number) => number {
  return (index) => {
    const clean = sigmoid(
      constants.crowdSlope * logit(world.consensus[index]!) +
        constants.crowdOffset -
        constants.crowdMiss * world.subtlety[index]!,
    );
    return 0.5 * constants.crowdFlip + (1 - constants.crowdFlip) * clean;
  };
}

/** `crowd-001` ... `crowd-200`, zero-padded to the widest number. */
function workerNames(workerCount: number): string[] {
  const width = String(workerCount).length;
  return Array.from({ length: workerCount }, (_, w) => `crowd-${String(w + 1).padStart(width, '0')}`);
}

/** The crowd labels of the given ad indices (all ads by default), checking each index. */
function crowdLabels(labelAt: (index: number) => Label, size: number, indices?: Int32Array): Label[] {
  if (indices === undefined) return Array.from({ length: size }, (_, index) => labelAt(index));
  return Array.from(indices, (index, row) => {
    if (!(index >= 0 && index < size)) {
      throw invalidArgument('Crowd.toLabels', `indices[${row}] = ${index} is outside [0, ${size})`);
    }
    return labelAt(index);
  });
}
