import { createRng, invalidArgument, type Rng, type Seed } from '@borderline/core';
import { categoryCounts, checkPanel, type PanelOptions, type PanelShape } from './panel';

/** Options of Dawid-Skene. */
export interface DawidSkeneOptions extends PanelOptions {
  /** Breaks ties between equally likely classes in `labels`; same seed, same labels. */
  readonly seed: Seed;
  /** EM rounds at most; default 100. */
  readonly maxIterations?: number;
  /** Converged when no posterior moves by more than this in a round; default 1e-6. */
  readonly tolerance?: number;
  /**
   * Pseudo-count added to every confusion cell and prior class (additive smoothing), so an annotator never gets a
   * probability of exactly 0 from a few items; default 0.01.
   */
  readonly smoothing?: number;
}

/** The EM estimate of true classes and per-annotator error rates. */
export interface DawidSkeneResult {
  /** items x categories, row-major: P(true class | labels). Items nobody labelled get the prior. */
  readonly posterior: Float64Array;
  /** Most probable class per item; -1 for an item nobody labelled. */
  readonly labels: Int32Array;
  /**
   * annotators x categories x categories: `confusion[(j * k + t) * k + l]` = P(annotator j says l | true class t),
   * for every annotator column (unselected ones stay 0).
   */
  readonly confusion: Float64Array;
  /** Class prior. */
  readonly prior: Float64Array;
  readonly converged: boolean;
  readonly iterations: number;
  /** Log-likelihood of the observed labels at the final parameters. */
  readonly logLikelihood: number;
}

/**
 * Dawid & Skene (1979) EM: each annotator has a confusion matrix, items a latent true class. Starts from the
 * majority vote shares (deterministic), alternates M and E steps until posteriors settle or `maxIterations` runs
 * out; `converged` says which.
 */
export function dawidSkene(matrix: Int32Array, options: DawidSkeneOptions): DawidSkeneResult {
  const shape = checkPanel('dawidSkene', matrix, options);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  const smoothing = options.smoothing ?? 0.01;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw invalidArgument('dawidSkene', `maxIterations must be a positive integer, got ${maxIterations}`);
  }
  if (!(tolerance > 0) || !(smoothing >= 0)) {
    throw invalidArgument('dawidSkene', 'tolerance must be > 0 and smoothing >= 0');
  }
  const k = shape.categories;
  const { counts, raters } = categoryCounts(matrix, shape);
  const posterior = new Float64Array(shape.items * k);
  for (let item = 0; item < shape.items; item++) {
    for (let c = 0; c < k; c++)
      posterior[item * k + c] = raters[item]! > 0 ? counts[item * k + c]! / raters[item]! : 0;
  }
  const state = { prior: new Float64Array(k), confusion: new Float64Array(shape.annotators * k * k) };
  let converged = false;
  let iterations = 0;
  let logLikelihood = Number.NaN;
  while (iterations < maxIterations && !converged) {
    iterations++;
    maximise(matrix, shape, posterior, raters, smoothing, state);
    const step = expect(matrix, shape, raters, state, posterior);
    logLikelihood = step.logLikelihood;
    converged = step.change <= tolerance;
  }
  return {
    posterior,
    labels: hardLabels(posterior, raters, k, createRng(options.seed)),
    confusion: state.confusion,
    prior: state.prior,
    converged,
    iterations,
    logLikelihood,
  };
}

interface Parameters {
  readonly prior: Float64Array;
  readonly confusion: Float64Array;
}

/** M step: prior and confusion matrices from the current posteriors (smoothed). */
function maximise(
  matrix: Int32Array,
  shape: PanelShape,
  posterior: Float64Array,
  raters: Int32Array,
  smoothing: number,
  state: Parameters,
): void {
  const { items, annotators, categories: k, select } = shape;
  state.prior.fill(smoothing);
  state.confusion.fill(0);
  for (const j of select) state.confusion.fill(smoothing, j * k * k, (j + 1) * k * k);
  for (let item = 0; item < items; item++) {
    if (raters[item] === 0) continue;
    for (let t = 0; t < k; t++) {
      const weight = posterior[item * k + t]!;
      state.prior[t]! += weight;
      for (const j of select) {
        const code = matrix[item * annotators + j]!;
        if (code >= 0) state.confusion[(j * k + t) * k + code]! += weight;
      }
    }
  }
  normaliseRows(state.prior, 1, k);
  normaliseRows(state.confusion, annotators * k, k);
}

function normaliseRows(values: Float64Array, rows: number, width: number): void {
  for (let row = 0; row < rows; row++) {
    let total = 0;
    for (let c = 0; c < width; c++) total += values[row * width + c]!;
    if (total > 0) for (let c = 0; c < width; c++) values[row * width + c]! /= total;
  }
}

/** E step: posteriors from the parameters, in log space; returns the largest change and the log-likelihood. */
function expect(
  matrix: Int32Array,
  shape: PanelShape,
  raters: Int32Array,
  state: Parameters,
  posterior: Float64Array,
): { change: number; logLikelihood: number } {
  const { items, annotators, categories: k, select } = shape;
  const logConfusion = state.confusion.map(Math.log);
  const logPrior = state.prior.map(Math.log);
  const scores = new Float64Array(k);
  let change = 0;
  let logLikelihood = 0;
  for (let item = 0; item < items; item++) {
    if (raters[item] === 0) {
      for (let t = 0; t < k; t++) posterior[item * k + t] = state.prior[t]!;
      continue;
    }
    let best = Number.NEGATIVE_INFINITY;
    for (let t = 0; t < k; t++) {
      let score = logPrior[t]!;
      for (const j of select) {
        const code = matrix[item * annotators + j]!;
        if (code >= 0) score += logConfusion[(j * k + t) * k + code]!;
      }
      scores[t] = score;
      if (score > best) best = score;
    }
    let total = 0;
    for (let t = 0; t < k; t++) total += Math.exp(scores[t]! - best);
    logLikelihood += best + Math.log(total);
    for (let t = 0; t < k; t++) {
      const value = Math.exp(scores[t]! - best) / total;
      change = Math.max(change, Math.abs(value - posterior[item * k + t]!));
      posterior[item * k + t] = value;
    }
  }
  return { change, logLikelihood };
}

/** Argmax per item; exact ties are broken by the seeded stream, in item order. */
function hardLabels(posterior: Float64Array, raters: Int32Array, k: number, rng: Rng): Int32Array {
  const labels = new Int32Array(raters.length);
  for (let item = 0; item < raters.length; item++) {
    if (raters[item] === 0) {
      labels[item] = -1;
      continue;
    }
    let best = -1;
    let tied = 0;
    for (let t = 0; t < k; t++) {
      const value = posterior[item * k + t]!;
      const top = best < 0 ? Number.NEGATIVE_INFINITY : posterior[item * k + best]!;
      if (value > top) {
        best = t;
        tied = 1;
      } else if (value === top && rng.float() * ++tied < 1) best = t;
    }
    labels[item] = best;
  }
  return labels;
}
