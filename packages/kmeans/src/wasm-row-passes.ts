import { CodeWriter, type FunctionSpec, locals, Op, SimdOp, Type } from './wasm-emitter';
import type { KernelShape } from './wasm-kernel-shape';

/**
 * The kernel module's row passes besides the distance blocks: centre sums, exact residuals, point norms and
 * k-means++ trial potentials. Each is one loop over rows whose results do not depend on how rows are chunked.
 */

/** Parameters of `accumulate`: (start, end, points, assignments, sums, chunkRows, partialBytes). */
const ACCUMULATE_PARAMS = 7;

/**
 * Adds each point of rows [start, end) to its cluster's f64 sums (row stride 2 x stride bytes), in row order,
 * two dimensions per f64x2. Each chunk of `chunkRows` rows has its own partial sums, at
 * sums + (start / chunkRows) x partialBytes, so threads never share a sum and the caller can add the partials
 * in chunk order (the same additions as the JavaScript kernel's, whatever the thread count).
 */
export function accumulateFunction(shape: KernelShape): FunctionSpec {
  const scope = locals(ACCUMULATE_PARAMS);
  const row = scope.add(Type.i32);
  const x = scope.add(Type.i32);
  const xEnd = scope.add(Type.i32);
  const sum = scope.add(Type.i32);
  const partial = scope.add(Type.i32);
  const code = new CodeWriter();
  code.get(4).get(0).get(5).op(Op.i32DivU).get(6).op(Op.i32Mul).op(Op.i32Add).set(partial);
  code.get(0).set(row);
  code.loop(() => {
    code.get(2).get(row).i32(shape.stride).op(Op.i32Mul).op(Op.i32Add).tee(x);
    code.i32(shape.stride).op(Op.i32Add).set(xEnd);
    code.get(partial).get(3).get(row).i32(4).op(Op.i32Mul).op(Op.i32Add).memory(Op.i32Load, 2, 0);
    code
      .i32(2 * shape.stride)
      .op(Op.i32Mul)
      .op(Op.i32Add)
      .set(sum);
    code.loop(() => {
      for (const half of [0, 1]) {
        code
          .get(sum)
          .get(sum)
          .simdMemory(SimdOp.v128Load, 3, half * 16);
        code
          .get(x)
          .simdMemory(SimdOp.v128Load64Zero, 2, half * 8)
          .simd(SimdOp.f64x2PromoteLowF32x4);
        code.simd(SimdOp.f64x2Add).simdMemory(SimdOp.v128Store, 3, half * 16);
      }
      code.get(sum).i32(32).op(Op.i32Add).set(sum);
      code.get(x).i32(16).op(Op.i32Add).tee(x).get(xEnd).op(Op.i32LtU).brIf(0);
    });
    code.get(row).i32(1).op(Op.i32Add).tee(row).get(1).op(Op.i32LtU).brIf(0);
  });
  return { name: 'accumulate', params: ACCUMULATE_PARAMS, locals: scope.list, body: code };
}

/** Parameters of `residual`: (start, end, points, assignments, centres (row-major, padded rows), distances). */
const RESIDUAL_PARAMS = 6;

/**
 * The exact squared distance of each point to its assigned centre, sum of (x - c)^2 (no expansion, so no
 * cancellation for points near a centre far from the origin), in f32x4 lanes added up in f64.
 */
export function residualFunction(shape: KernelShape): FunctionSpec {
  const scope = locals(RESIDUAL_PARAMS);
  const row = scope.add(Type.i32);
  const x = scope.add(Type.i32);
  const xEnd = scope.add(Type.i32);
  const centre = scope.add(Type.i32);
  const delta = scope.add(Type.v128);
  const sum = scope.add(Type.v128);
  const code = new CodeWriter();
  code.get(0).set(row);
  code.loop(() => {
    code.get(2).get(row).i32(shape.stride).op(Op.i32Mul).op(Op.i32Add).tee(x);
    code.i32(shape.stride).op(Op.i32Add).set(xEnd);
    code.get(4).get(3).get(row).i32(4).op(Op.i32Mul).op(Op.i32Add).memory(Op.i32Load, 2, 0);
    code.i32(shape.stride).op(Op.i32Mul).op(Op.i32Add).set(centre);
    code.zeroV128().set(sum);
    code.loop(() => {
      code.get(x).simdMemory(SimdOp.v128Load, 4, 0).get(centre).simdMemory(SimdOp.v128Load, 4, 0);
      code.simd(SimdOp.f32x4Sub).tee(delta).get(delta).simd(SimdOp.f32x4Mul);
      code.get(sum).simd(SimdOp.f32x4Add).set(sum);
      code.get(centre).i32(16).op(Op.i32Add).set(centre);
      code.get(x).i32(16).op(Op.i32Add).tee(x).get(xEnd).op(Op.i32LtU).brIf(0);
    });
    code.get(5).get(row).i32(8).op(Op.i32Mul).op(Op.i32Add);
    for (let lane = 0; lane < 4; lane++) {
      code.get(sum).extractLane(lane).op(Op.f64PromoteF32);
      if (lane > 0) code.op(Op.f64Add);
    }
    code.memory(Op.f64Store, 3, 0);
    code.get(row).i32(1).op(Op.i32Add).tee(row).get(1).op(Op.i32LtU).brIf(0);
  });
  return { name: 'residual', params: RESIDUAL_PARAMS, locals: scope.list, body: code };
}

/** Parameters of `norms`: (start, end, points, out). */
const NORMS_PARAMS = 4;

/**
 * Squared norm of each point as a sequential f32 sum over dimensions, the order the dot products use, so a point
 * and an identical centre give exactly 0. Four rows at a time, for four independent addition chains.
 */
export function normsFunction(shape: KernelShape): FunctionSpec {
  const scope = locals(NORMS_PARAMS);
  const row = scope.add(Type.i32);
  const x = scope.add(Type.i32);
  const xEnd = scope.add(Type.i32);
  const sums = Array.from({ length: shape.rowsPerBlock }, () => scope.add(Type.f32));
  const code = new CodeWriter();
  code.get(0).set(row);
  code.loop(() => {
    code.get(2).get(row).i32(shape.stride).op(Op.i32Mul).op(Op.i32Add).tee(x);
    code.i32(shape.stride).op(Op.i32Add).set(xEnd);
    for (const sum of sums) code.f32(0).set(sum);
    code.loop(() => {
      sums.forEach((sum, point) => {
        code
          .get(sum)
          .get(x)
          .memory(Op.f32Load, 2, point * shape.stride);
        code
          .get(x)
          .memory(Op.f32Load, 2, point * shape.stride)
          .op(Op.f32Mul)
          .op(Op.f32Add)
          .set(sum);
      });
      code.get(x).i32(4).op(Op.i32Add).tee(x).get(xEnd).op(Op.i32LtU).brIf(0);
    });
    sums.forEach((sum, point) => {
      code
        .get(3)
        .get(row)
        .i32(4)
        .op(Op.i32Mul)
        .op(Op.i32Add)
        .get(sum)
        .memory(Op.f32Store, 2, point * 4);
    });
    code.get(row).i32(shape.rowsPerBlock).op(Op.i32Add).tee(row).get(1).op(Op.i32LtU).brIf(0);
  });
  return { name: 'norms', params: NORMS_PARAMS, locals: scope.list, body: code };
}

/** Parameters of `potentials`: (start, end, values, columns, first, closest, out). */
const POTENTIALS_PARAMS = 7;

/**
 * k-means++ trial potentials for 4 columns from `first` of a row-major f64 distance matrix: for each column,
 * the sum over rows of min(distance, closest[row]), in row order (lane-wise, so the same sums as a plain loop),
 * written as 4 f64 at `out`.
 */
export function potentialsFunction(): FunctionSpec {
  const scope = locals(POTENTIALS_PARAMS);
  const row = scope.add(Type.i32);
  const at = scope.add(Type.i32);
  const closest = scope.add(Type.i32);
  const rowBytes = scope.add(Type.i32);
  const nearest = scope.add(Type.v128);
  const sums = [scope.add(Type.v128), scope.add(Type.v128)];
  const code = new CodeWriter();
  code.get(3).i32(8).op(Op.i32Mul).set(rowBytes);
  code
    .get(2)
    .get(0)
    .get(rowBytes)
    .op(Op.i32Mul)
    .op(Op.i32Add)
    .get(4)
    .i32(8)
    .op(Op.i32Mul)
    .op(Op.i32Add)
    .set(at);
  code.get(5).get(0).i32(8).op(Op.i32Mul).op(Op.i32Add).set(closest);
  for (const sum of sums) code.zeroV128().set(sum);
  code.get(0).set(row);
  code.loop(() => {
    code.get(closest).memory(Op.f64Load, 3, 0).simd(SimdOp.f64x2Splat).set(nearest);
    sums.forEach((sum, half) => {
      code
        .get(sum)
        .get(at)
        .simdMemory(SimdOp.v128Load, 3, half * 16)
        .get(nearest)
        .simd(SimdOp.f64x2Min);
      code.simd(SimdOp.f64x2Add).set(sum);
    });
    code.get(at).get(rowBytes).op(Op.i32Add).set(at);
    code.get(closest).i32(8).op(Op.i32Add).set(closest);
    code.get(row).i32(1).op(Op.i32Add).tee(row).get(1).op(Op.i32LtU).brIf(0);
  });
  sums.forEach((sum, half) => {
    code
      .get(6)
      .get(sum)
      .simdMemory(SimdOp.v128Store, 3, half * 16);
  });
  return { name: 'potentials', params: POTENTIALS_PARAMS, locals: scope.list, body: code };
}
