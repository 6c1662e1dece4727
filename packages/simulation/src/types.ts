import type { Example } from '@borderline/core';

/** The two policies of the paper: lower complexity (clickbait-like) and higher (misleading health/money claims). */
export type AdsTask = 'lower' | 'higher';

/** The category names of the ads world, negative first (as in a `dataset.json`). */
export const ADS_LABELS = ['benign', 'violating'] as const;

/** A seeded synthetic pool of short ads with the latent truth the panels draw from. */
export interface AdsWorld {
  readonly task: AdsTask;
  /** The seed the world was generated from (panels mix it into their own). */
  readonly seed: number | string;
  /** The policy description an LLM-0 would be given. */
  readonly policy: string;
  readonly ids: readonly string[];
  readonly texts: readonly string[];
  /** Latent P(an expert says violating) per ad: sigmoid(sharpness x latent score). */
  readonly consensus: Float64Array;
  /** How hard the violation is to see, 0..1; the crowd misses subtle violations. */
  readonly subtlety: Float32Array;
  /** Index into `verticals` per ad. */
  readonly vertical: Uint8Array;
  readonly verticals: readonly string[];
  /** A handful of clear labelled examples for a zero/few-shot LLM-0 (drawn from the pool). */
  readonly fewShot: readonly Example[];
  /** Index of an id in `ids`, or -1. */
  indexOf(id: string): number;
}

/** Scratch record a task's composer writes one ad into (reused across ads: no allocation per ad). */
export interface ComposedAd {
  text: string;
  /** Latent violation score (logit scale before the task's sharpness). */
  score: number;
  subtlety: number;
}
