/**
 * The given rows of a row-major matrix with `dimensions` columns, copied in that order into one new contiguous
 * matrix (rows.length x dimensions). One copy per row, no per-element work.
 */
export function copyRows(matrix: Float32Array, dimensions: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * dimensions);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    out.set(matrix.subarray(row * dimensions, (row + 1) * dimensions), index * dimensions);
  }
  return out;
}
