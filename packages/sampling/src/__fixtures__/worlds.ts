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
