import { invalidArgument } from '@borderline/core';
import { copyRows } from './copy-rows';
import { squaredNorms } from './distance-kernel';

/** Points, their norms and shape, as the initialisers and distance engines read them. */
export interface PointSet {
  readonly points: Float32Array;
  readonly pointNorms: Float64Array;
  readonly count: number;
  readonly dimensions: number;
}

/**
 * Validates shape and wraps the points with their squared norms. The norms are computed on first read: only the
 * JavaScript kernel reads these f64 norms (the WebAssembly kernel computes its own f32 ones).
 */
export function pointSet(points: Float32Array, dimensions: number, component: string): PointSet {
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw invalidArgument(component, `dimensions must be a positive integer, got ${dimensions}`);
  }
  if (points.length % dimensions !== 0) {
    throw invalidArgument(
      component,
      `points.length ${points.length} is not a multiple of dimensions ${dimensions}`,
    );
  }
  const count = points.length / dimensions;
  let norms: Float64Array | undefined;
  return {
    points,
    count,
    dimensions,
    get pointNorms() {
      norms ??= squaredNorms(points, count, dimensions);
      return norms;
    },
  };
}

/** The given rows of a point set, copied into a new one (norms computed now). */
export function gatherRows(set: PointSet, rows: Int32Array): PointSet {
  const { dimensions } = set;
  const points = copyRows(set.points, dimensions, rows);
  return {
    points,
    pointNorms: squaredNorms(points, rows.length, dimensions),
    count: rows.length,
    dimensions,
  };
}
