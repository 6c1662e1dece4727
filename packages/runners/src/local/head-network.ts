import type { Rng } from '@borderline/core';

/**
 * The numeric core of the local classifiers: a logistic regression (`hidden` = 0) or a one-hidden-layer ReLU MLP
 * on standardised inputs. Parameters live in one Float64Array:
 * - `hidden` = 0: `w[dimensions]`, `b`;
 * - `hidden` > 0: `W1[hidden x dimensions]` (row-major), `b1[hidden]`, `w2[hidden]`, `b2`.
 */
export interface HeadShape {
  readonly dimensions: number;
  readonly hidden: number;
}

/** A trained (or initial) head: its shape, the input standardisation and the parameters. Never mutated. */
export interface HeadWeights extends HeadShape {
  /** Per-dimension mean subtracted before the network. */
  readonly mean: Float64Array;
  /** Per-dimension factor applied after the mean (1 / standard deviation). */
  readonly scale: Float64Array;
  readonly params: Float64Array;
  /**
   * Set when the head is trained on top of a prior (`LocalClassifierOptions.prior`): the logit is the network's
   * plus this coefficient times the prior's logit. Absent: no prior.
   */
  readonly priorCoefficient?: number;
}

/** Number of parameters of a shape. */
export function parameterCount(shape: HeadShape): number {
  return shape.hidden === 0 ? shape.dimensions + 1 : shape.hidden * (shape.dimensions + 2) + 1;
}

/**
 * The untrained head: zeros for a logistic regression, He-normal first layer for an MLP. `withPrior`: the head
 * starts as the prior itself (coefficient 1, and the MLP's output layer at zero, so the network adds nothing
 * until training moves it: a warm start from the prior).
 */
export function initialWeights(shape: HeadShape, rng: Rng, withPrior = false): HeadWeights {
  const params = new Float64Array(parameterCount(shape));
  if (shape.hidden > 0) {
    const { dimensions, hidden } = shape;
    const firstScale = Math.sqrt(2 / dimensions);
    for (let index = 0; index < hidden * dimensions; index++) params[index] = rng.normal(0, firstScale);
    const secondScale = Math.sqrt(1 / hidden);
    const w2 = hidden * (dimensions + 1);
    for (let unit = 0; unit < hidden; unit++) {
      const value = rng.normal(0, secondScale);
      // Drawn either way, so the first layer and the rest of the stream are the same with and without a prior.
      params[w2 + unit] = withPrior ? 0 : value;
    }
  }
  const mean = new Float64Array(shape.dimensions);
  const scale = new Float64Array(shape.dimensions).fill(1);
  return { ...shape, mean, scale, params, ...(withPrior ? { priorCoefficient: 1 } : {}) };
}

/** Logistic function, clamped so extreme logits give 0 < p < 1 without overflow. */
export function sigmoid(logit: number): number {
  if (logit >= 0) return 1 / (1 + Math.exp(-Math.min(logit, 40)));
  const e = Math.exp(Math.max(logit, -40));
  return e / (1 + e);
}

/**
 * Scoring weights with the standardisation folded in, so prediction reads raw rows: a first layer (or the
 * linear weights) in Float64 with adjusted biases.
 */
export interface FoldedHead extends HeadShape {
  readonly first: Float64Array;
  readonly firstBias: Float64Array;
  readonly second: Float64Array;
  readonly secondBias: number;
  /** The prior's coefficient (see {@link HeadWeights.priorCoefficient}). */
  readonly priorCoefficient?: number;
}

/** Folds `(x - mean) * scale` into the first layer. */
export function foldHead(weights: HeadWeights): FoldedHead {
  const { dimensions, hidden, mean, scale, params } = weights;
  const units = hidden === 0 ? 1 : hidden;
  const first = new Float64Array(units * dimensions);
  const firstBias = new Float64Array(units);
  const biasOffset = hidden === 0 ? dimensions : hidden * dimensions;
  for (let unit = 0; unit < units; unit++) {
    let bias = params[biasOffset + unit]!;
    for (let d = 0; d < dimensions; d++) {
      const w = params[unit * dimensions + d]! * scale[d]!;
      first[unit * dimensions + d] = w;
      bias -= w * mean[d]!;
    }
    firstBias[unit] = bias;
  }
  const prior = weights.priorCoefficient === undefined ? {} : { priorCoefficient: weights.priorCoefficient };
  if (hidden === 0)
    return { dimensions, hidden, first, firstBias, second: new Float64Array(0), secondBias: 0, ...prior };
  const w2 = hidden * (dimensions + 1);
  return {
    dimensions,
    hidden,
    first,
    firstBias,
    second: params.slice(w2, w2 + hidden),
    secondBias: params[w2 + hidden]!,
    ...prior,
  };
}

/** Rows scored together: each weight is read once per block instead of once per row. */
export const SCORE_BLOCK = 4;

/**
 * P(positive) for rows [start, end) of a row-major matrix, written to `out`. `input` is scratch of
 * SCORE_BLOCK x dimensions; `logits` of SCORE_BLOCK. `offsets`, when given, holds a logit per row (indexed like
 * `out`) added before the squashing: a prior's logit times its coefficient (see `LocalClassifierOptions.prior`).
 */
export function scoreRows(
  head: FoldedHead,
  rows: Float32Array,
  start: number,
  end: number,
  out: Float64Array,
  input: Float64Array,
  logits: Float64Array,
  offsets?: Float64Array,
): void {
  const { dimensions, hidden, first, firstBias, second, secondBias } = head;
  const units = hidden === 0 ? 1 : hidden;
  for (let row = start; row < end; row += SCORE_BLOCK) {
    const block = Math.min(SCORE_BLOCK, end - row);
    // One Float64 copy of the block keeps the inner loop on a single array type; a short last block is padded.
    input.fill(0);
    for (let index = 0; index < block * dimensions; index++) input[index] = rows[row * dimensions + index]!;
    logits.fill(hidden === 0 ? 0 : secondBias);
    for (let unit = 0; unit < units; unit++) {
      const offset = unit * dimensions;
      let a0 = firstBias[unit]!;
      let a1 = a0;
      let a2 = a0;
      let a3 = a0;
      for (let d = 0; d < dimensions; d++) {
        const weight = first[offset + d]!;
        a0 += weight * input[d]!;
        a1 += weight * input[dimensions + d]!;
        a2 += weight * input[2 * dimensions + d]!;
        a3 += weight * input[3 * dimensions + d]!;
      }
      if (hidden === 0) {
        logits[0] = a0;
        logits[1] = a1;
        logits[2] = a2;
        logits[3] = a3;
        continue;
      }
      const w = second[unit]!;
      if (a0 > 0) logits[0]! += a0 * w;
      if (a1 > 0) logits[1]! += a1 * w;
      if (a2 > 0) logits[2]! += a2 * w;
      if (a3 > 0) logits[3]! += a3 * w;
    }
    for (let index = 0; index < block; index++) {
      out[row + index] = sigmoid(logits[index]! + (offsets === undefined ? 0 : offsets[row + index]!));
    }
  }
}

/** `weights[offset .. offset + length) . input`, four accumulators so the multiply-adds overlap. */
export function dot(weights: Float64Array, offset: number, input: Float64Array, length: number): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let d = 0;
  for (; d + 3 < length; d += 4) {
    a0 += weights[offset + d]! * input[d]!;
    a1 += weights[offset + d + 1]! * input[d + 1]!;
    a2 += weights[offset + d + 2]! * input[d + 2]!;
    a3 += weights[offset + d + 3]! * input[d + 3]!;
  }
  for (; d < length; d++) a0 += weights[offset + d]! * input[d]!;
  return a0 + a1 + a2 + a3;
}
