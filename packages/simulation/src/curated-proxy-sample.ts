import { createRng, invalidArgument, type Seed } from '@borderline/core';
import type { AdsTask, AdsWorld } from './types';

/** Options of `curatedProxySample`. */
export interface CuratedProxyOptions {
  /** Items to draw; 650 by default (the paper's lower-complexity curated set: ~400 fine-tune + ~250 eval). */
  readonly size?: number;
  readonly seed: Seed;
  /** Share drawn from ads with consensus > .5; .4 by default (the paper's curated class balance). */
  readonly positiveShare?: number;
  /** Weight floor: an ad is drawn with weight floor + 4p(1-p), so the boundary is over-represented. */
  readonly boundaryFloor?: number;
}

/**
 * The proxy the constants are calibrated on, per task: shaped like the curated sets the replay's loop really
 * selects (union of both models' boundary-pair runs, 100K ads, seeds 1-3, measured after the fair few-shot set):
 * lower 1,157-1,170 items, 18-25% consensus > .5, 4.2-4.4% in (.2, .8); higher 710-715 items, 10-13% and
 * 4.1-5.1%. Weight floor 1 (a p = .5 ad twice as likely as a certain one) reproduces that boundary share; the
 * paper's own default (.4 positive, floor .3) is ~3x as boundary-heavy as what our loop selects.
 */
export const LOOP_PROXY: Readonly<Record<AdsTask, Required<Omit<CuratedProxyOptions, 'seed'>>>> = {
  lower: { size: 1160, positiveShare: 0.21, boundaryFloor: 1 },
  higher: { size: 715, positiveShare: 0.11, boundaryFloor: 1 },
};

/** Default weight floor: a boundary ad (p = .5) is 1.3 / .3 = 4.3 times as likely as a certain one. */
export const DEFAULT_BOUNDARY_FLOOR = 0.3;

/**
 * A curated-like sample of ad indices (sorted ascending): the calibration stand-in for the loop's curated set.
 * The defaults are the paper's shape (~40% positive, boundary-heavy); `LOOP_PROXY` is the shape our loop selects. Stratified on consensus > .5, then weighted sampling without
 * replacement (Efraimidis-Spirakis keys) with weight floor + 4p(1-p) within each stratum.
 */
export function curatedProxySample(world: AdsWorld, options: CuratedProxyOptions): Int32Array {
  const size = options.size ?? 650;
  const positiveShare = options.positiveShare ?? 0.4;
  const floor = options.boundaryFloor ?? DEFAULT_BOUNDARY_FLOOR;
  const n = world.consensus.length;
  if (!Number.isInteger(size) || size < 0 || size > n) {
    throw invalidArgument('curatedProxySample', `size must be an integer in [0, ${n}], got ${size}`);
  }
  if (!(positiveShare >= 0 && positiveShare <= 1) || !(floor > 0)) {
    throw invalidArgument('curatedProxySample', 'positiveShare must be in [0, 1] and boundaryFloor > 0');
  }
  const rng = createRng(options.seed).fork(`curated-proxy:${world.task}`);
  const keys = new Float64Array(n);
  let positives = 0;
  for (let index = 0; index < n; index++) {
    const p = world.consensus[index]!;
    let u = rng.float();
    while (u === 0) u = rng.float();
    keys[index] = Math.log(u) / (floor + 4 * p * (1 - p));
    if (p > 0.5) positives++;
  }
  // When a stratum is short, the other fills the rest so the sample always has `size` items.
  let wantPositive = Math.min(positives, Math.round(size * positiveShare));
  const wantNegative = Math.min(n - positives, size - wantPositive);
  wantPositive = size - wantNegative;
  const chosen = [
    ...topByKey(world.consensus, keys, wantPositive, true),
    ...topByKey(world.consensus, keys, wantNegative, false),
  ];
  return Int32Array.from(chosen).sort();
}

function topByKey(consensus: Float64Array, keys: Float64Array, k: number, positive: boolean): Int32Array {
  const members: number[] = [];
  for (let index = 0; index < consensus.length; index++) {
    if (consensus[index]! > 0.5 === positive) members.push(index);
  }
  const order = Int32Array.from(members).sort((a, b) => keys[b]! - keys[a]! || a - b);
  return order.subarray(0, k);
}
