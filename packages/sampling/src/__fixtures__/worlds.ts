import { createRng, type Seed } from '@borderline/core';
import type { SelectionInput } from '../policy';

/** The true boundary of the 2-D test world: y = 0.3 sin(2x) on [-1, 1]^2. */
export function boundaryY(x: number): number {
  return 0.3 * Math.sin(2 * x);
}

/** A 2-D world with a known boundary and a model whose error grows with `noise`. */
export interface TwoDWorld {
  readonly input: SelectionInput;
  /** Signed vertical distance of each item to the true boundary (positive above). */
  readonly signed: Float64Array;
}

/**
 * n uniform points; the model predicts positive when y - f(x) + e > 0 with e ~ N(0, noise) fixed per item,
 * so a better model (smaller noise) puts its decision boundary closer to the true one.
 */
export function twoDWorld(n: number, noise: number, seed: Seed, budget = 40): TwoDWorld {
  const rng = createRng(seed);
  const embeddings = new Float32Array(n * 2);
  const predicted = new Uint8Array(n);
  const scores = new Float64Array(n);
  const signed = new Float64Array(n);
  for (let index = 0; index < n; index++) {
    const x = rng.uniform(-1, 1);
    const y = rng.uniform(-1, 1);
    embeddings[2 * index] = x;
    embeddings[2 * index + 1] = y;
    signed[index] = y - boundaryY(x);
    const margin = signed[index]! + rng.normal(0, noise);
    predicted[index] = margin > 0 ? 1 : 0;
    scores[index] = 1 / (1 + Math.exp(-margin / 0.1));
  }
  return { input: { embeddings, dimensions: 2, predicted, scores, reviewed: new Uint8Array(n), budget, seed }, signed };
}

/**
 * A d-dimensional pool of 64 Gaussian blobs (centres ~ N(0, centreScale), unit noise) labelled by a random
 * hyperplane (for speed and 100-d checks). A small centreScale makes the blobs overlap, so k-means needs many
 * iterations to converge.
 */
export function blobPool(n: number, dimensions: number, seed: Seed, budget = 200, centreScale = 3): SelectionInput {
  const rng = createRng(seed);
  const blobs = 64;
  const centres = new Float32Array(blobs * dimensions);
  for (let index = 0; index < centres.length; index++) centres[index] = rng.normal(0, centreScale);
  const normal = new Float64Array(dimensions);
  for (let j = 0; j < dimensions; j++) normal[j] = rng.normal();
  const embeddings = new Float32Array(n * dimensions);
  const predicted = new Uint8Array(n);
  const scores = new Float64Array(n);
  for (let row = 0; row < n; row++) {
    const blob = rng.int(0, blobs);
    let projection = 0;
    for (let j = 0; j < dimensions; j++) {
      const value = centres[blob * dimensions + j]! + rng.normal();
      embeddings[row * dimensions + j] = value;
      projection += value * normal[j]!;
    }
    // Shifted so about 10% of the pool is predicted positive (for the default centre scale).
    const margin = projection / Math.sqrt(dimensions) - 1.27 * Math.sqrt(centreScale * centreScale + 1);
    predicted[row] = margin > 0 ? 1 : 0;
    scores[row] = 1 / (1 + Math.exp(-margin));
  }
  return { embeddings, dimensions, predicted, scores, reviewed: new Uint8Array(n), budget, seed };
}

/**
 * A d-dimensional pool whose true boundary is a hyperplane through 64 blobs, and a model whose hyperplane is
 * tilted from it by `tilt` (0 = the true boundary): for comparing policies where the truth is known.
 */
export function tiltedPool(n: number, dimensions: number, tilt: number, seed: Seed, budget = 200): { input: SelectionInput; truth: Float64Array; blob: Int32Array } {
  const rng = createRng(seed);
  const blobs = 64;
  const centres = new Float32Array(blobs * dimensions);
  for (let index = 0; index < centres.length; index++) centres[index] = rng.normal(0, 1.5);
  const normal = unitVector(dimensions, rng);
  const other = unitVector(dimensions, rng);
  const model = new Float64Array(dimensions);
  for (let j = 0; j < dimensions; j++) model[j] = Math.cos(tilt) * normal[j]! + Math.sin(tilt) * other[j]!;
  const embeddings = new Float32Array(n * dimensions);
  const predicted = new Uint8Array(n);
  const scores = new Float64Array(n);
  const truth = new Float64Array(n);
  const blob = new Int32Array(n);
  for (let row = 0; row < n; row++) {
    blob[row] = rng.int(0, blobs);
    let trueSide = 0;
    let modelSide = 0;
    for (let j = 0; j < dimensions; j++) {
      const value = centres[blob[row]! * dimensions + j]! + rng.normal();
      embeddings[row * dimensions + j] = value;
      trueSide += value * normal[j]!;
      modelSide += value * model[j]!;
    }
    truth[row] = trueSide - 1;
    predicted[row] = modelSide - 1 > 0 ? 1 : 0;
    scores[row] = 1 / (1 + Math.exp(-(modelSide - 1)));
  }
  return { input: { embeddings, dimensions, predicted, scores, reviewed: new Uint8Array(n), budget, seed }, truth, blob };
}

function unitVector(dimensions: number, rng: ReturnType<typeof createRng>): Float64Array {
  const out = new Float64Array(dimensions);
  let norm = 0;
  for (let j = 0; j < dimensions; j++) {
    out[j] = rng.normal();
    norm += out[j]! * out[j]!;
  }
  for (let j = 0; j < dimensions; j++) out[j] = out[j]! / Math.sqrt(norm);
  return out;
}
