import { createRng, type Seed } from '@borderline/core';

/**
 * n points in `dimensions` from 64 Gaussian blobs (centres ~ N(0, centreScale), unit noise), row-major. A small
 * centreScale makes the blobs overlap, so k-means needs many rounds to converge. The draws are those of the
 * sampling package's blob pool (it also draws a labelling hyperplane, drawn and dropped here), so the bench's
 * points, and the scikit-learn timing recorded on them, did not change when k-means moved to this package.
 */
export function blobPoints(n: number, dimensions: number, seed: Seed, centreScale = 3): Float32Array {
  const rng = createRng(seed);
  const blobs = 64;
  const centres = new Float32Array(blobs * dimensions);
  for (let index = 0; index < centres.length; index++) centres[index] = rng.normal(0, centreScale);
  for (let j = 0; j < dimensions; j++) rng.normal();
  const points = new Float32Array(n * dimensions);
  for (let row = 0; row < n; row++) {
    const blob = rng.int(0, blobs);
    for (let j = 0; j < dimensions; j++) points[row * dimensions + j] = centres[blob * dimensions + j]! + rng.normal();
  }
  return points;
}
