import { createRng, invalidArgument, type Rng, type Seed } from '@borderline/core';
import { CALIBRATION, type TaskCalibration } from './calibration';
import { composeHigher, HIGHER_POLICY } from './cues-higher';
import { composeLower, LOWER_POLICY } from './cues-lower';
import { pickFewShot } from './few-shot';
import type { AdsTask, AdsWorld, ComposedAd } from './types';
import { VERTICALS } from './verticals';

/** Options of `createAdsWorld`. */
export interface AdsWorldOptions {
  readonly task: AdsTask;
  /** Number of ads; 100,000 by default (the paper's pool). */
  readonly size?: number;
  readonly seed: Seed;
  /** Overrides of the task's calibration constants (for calibration searches; defaults are `CALIBRATION`). */
  readonly calibration?: Partial<TaskCalibration>;
}

/** The world plus the constants it was built with and the latent scores (panels read them). */
export interface CalibratedAdsWorld extends AdsWorld {
  readonly calibration: TaskCalibration;
  /** Latent violation score per ad before sharpness; consensus = sigmoid(sharpness x latent). */
  readonly latent: Float32Array;
}

/**
 * Generates a seeded pool of short ads for one task. Same options, same world, byte for byte.
 * About 5% of the pool is violating (consensus > .5), with a spread of consensus so there is a boundary.
 */
export function createAdsWorld(options: AdsWorldOptions): CalibratedAdsWorld {
  const size = options.size ?? 100_000;
  if (!Number.isInteger(size) || size < 1) {
    throw invalidArgument('createAdsWorld', `size must be a positive integer, got ${size}`);
  }
  if (options.task !== 'lower' && options.task !== 'higher') {
    throw invalidArgument('createAdsWorld', `task must be 'lower' or 'higher', got ${String(options.task)}`);
  }
  const calibration = { ...CALIBRATION[options.task], ...options.calibration };
  const root = createRng(options.seed).fork(`ads-world:${options.task}`);
  const pool = composePool(options.task, root.fork('ads'), size, calibration.sharpness);
  const { ids, texts, consensus, subtlety, vertical } = pool;
  const fewShot = pickFewShot(root.fork('few-shot'), { texts, consensus, subtlety, vertical });
  return {
    task: options.task,
    seed: options.seed,
    policy: options.task === 'lower' ? LOWER_POLICY : HIGHER_POLICY,
    ids,
    texts,
    consensus,
    subtlety,
    vertical,
    verticals: VERTICALS.map((entry) => entry.name),
    fewShot,
    calibration,
    latent: pool.latent,
    indexOf: lazyIndexOf(ids),
  };
}

/** The ads of a pool, column by column. */
interface ComposedPool {
  readonly ids: string[];
  readonly texts: string[];
  readonly latent: Float32Array;
  readonly consensus: Float64Array;
  readonly subtlety: Float32Array;
  readonly vertical: Uint8Array;
}

/** Composes `size` ads of the task from `rng`, each in a uniformly drawn vertical; consensus = sigmoid(sharpness x latent). */
function composePool(task: AdsTask, rng: Rng, size: number, sharpness: number): ComposedPool {
  const compose = task === 'lower' ? composeLower : composeHigher;
  const ids = new Array<string>(size);
  const texts = new Array<string>(size);
  const latent = new Float32Array(size);
  const consensus = new Float64Array(size);
  const subtlety = new Float32Array(size);
  const vertical = new Uint8Array(size);
  const scratch: ComposedAd = { text: '', score: 0, subtlety: 0 };
  const width = String(size - 1).length;
  for (let index = 0; index < size; index++) {
    const code = rng.int(0, VERTICALS.length);
    compose(rng, code, scratch);
    ids[index] = `${task}-${String(index).padStart(width, '0')}`;
    texts[index] = scratch.text;
    latent[index] = scratch.score;
    consensus[index] = 1 / (1 + Math.exp(-sharpness * latent[index]!));
    subtlety[index] = scratch.subtlety;
    vertical[index] = code;
  }
  return { ids, texts, latent, consensus, subtlety, vertical };
}

/** Id to index, -1 when absent. The map is built on first use: most callers work by index and never pay for it. */
function lazyIndexOf(ids: readonly string[]): (id: string) => number {
  let lookup: Map<string, number> | undefined;
  return (id) => {
    if (lookup === undefined) lookup = new Map(ids.map((value, index) => [value, index]));
    return lookup.get(id) ?? -1;
  };
}
