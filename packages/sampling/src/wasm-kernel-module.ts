import {
  CodeWriter,
  emitModule,
  type FunctionSpec,
  type Locals,
  locals,
  Op,
  SimdOp,
  Type,
} from './wasm-emitter';
import { accumulateFunction, normsFunction, potentialsFunction, residualFunction } from './wasm-row-passes';

/**
 * The f32x4 distance kernel as WebAssembly. Memory layout (all byte addresses, chosen by the caller):
 * - points: row-major, each row padded with zeros to `stride` bytes (a multiple of 16); rows padded with zero rows
 *   to a multiple of `rowsPerBlock`;
 * - centres: panels of 4 centres, each panel dimension-major (for each dimension, the 4 centres' values), so one
 *   v128 load gives one dimension of 4 centres; unused panel slots are zero with norm +Infinity;
 * - norms: f32, the sequential f32 sum of squares (the same order as a dot product in the kernel, so a point and
 *   an identical centre give exactly 0).
 *
 * The register block is `rowsPerBlock` points x 4 centres: each dimension costs one v128 load of the panel,
 * one 32-bit splat load per point, and a multiply and an add per point, accumulating in one f32x4 per point.
 */
export interface KernelShape {
  readonly rowsPerBlock: number;
  /** Bytes per padded point row (dimensions rounded up to 4, times 4). */
  readonly stride: number;
}

/** Parameters of `nearest`: (start, end, points, centres, slots, centreNorms, pointNorms, assignments, distances). */
const NEAREST_PARAMS = 9;
/** Parameters of `cross`: (start, end, points, centres, slots, centreNorms, pointNorms, out). */
const CROSS_PARAMS = 8;

/** Locals shared by both functions: the blocked dot-product loop over one panel. */
interface DotLocals {
  readonly row: number;
  readonly base: number;
  readonly x: number;
  readonly xEnd: number;
  readonly q: number;
  readonly slot: number;
  readonly cnp: number;
  readonly vector: number;
  readonly accumulators: readonly number[];
  readonly centreNorms: readonly number[];
}

function dotLocals(scope: Locals, rows: number): DotLocals {
  return {
    row: scope.add(Type.i32),
    base: scope.add(Type.i32),
    x: scope.add(Type.i32),
    xEnd: scope.add(Type.i32),
    q: scope.add(Type.i32),
    slot: scope.add(Type.i32),
    cnp: scope.add(Type.i32),
    vector: scope.add(Type.v128),
    accumulators: Array.from({ length: rows }, () => scope.add(Type.v128)),
    centreNorms: Array.from({ length: 4 }, () => scope.add(Type.f64)),
  };
}

/** Accumulates rows x 4 dot products over every dimension; `q` walks the panel and ends at the next one. */
function emitPanelDots(code: CodeWriter, shape: KernelShape, l: DotLocals): void {
  for (const accumulator of l.accumulators) code.zeroV128().set(accumulator);
  code.get(l.base).set(l.x);
  code.get(l.base).i32(shape.stride).op(Op.i32Add).set(l.xEnd);
  code.loop(() => {
    code.get(l.q).simdMemory(SimdOp.v128Load, 4, 0).set(l.vector);
    l.accumulators.forEach((accumulator, point) => {
      code.get(accumulator);
      code.get(l.x).simdMemory(SimdOp.v128Load32Splat, 2, point * shape.stride);
      code.get(l.vector).simd(SimdOp.f32x4Mul).simd(SimdOp.f32x4Add).set(accumulator);
    });
    code.get(l.q).i32(16).op(Op.i32Add).set(l.q);
    code.get(l.x).i32(4).op(Op.i32Add).tee(l.x).get(l.xEnd).op(Op.i32LtU).brIf(0);
  });
  for (let lane = 0; lane < 4; lane++) {
    code
      .get(l.cnp)
      .memory(Op.f32Load, 2, lane * 4)
      .op(Op.f64PromoteF32)
      .set(l.centreNorms[lane]!);
  }
}

/** Pushes |c|^2 - 2 x.c in f64 for one point (accumulator) and one lane. */
function emitPartial(code: CodeWriter, l: DotLocals, accumulator: number, lane: number): void {
  code.get(l.centreNorms[lane]!);
  code.get(accumulator).extractLane(lane).op(Op.f64PromoteF32).f64(2).op(Op.f64Mul).op(Op.f64Sub);
}

/** Opens the row-block loop and the panel loop around `perPanel`, with `perRow` before and `afterRow` after. */
function emitBlocks(
  code: CodeWriter,
  shape: KernelShape,
  l: DotLocals,
  hooks: { perRow: () => void; perPanel: () => void; afterRow: () => void },
): void {
  code.get(0).set(l.row);
  code.loop(() => {
    code.get(2).get(l.row).i32(shape.stride).op(Op.i32Mul).op(Op.i32Add).set(l.base);
    hooks.perRow();
    code.i32(0).set(l.slot).get(3).set(l.q).get(5).set(l.cnp);
    code.loop(() => {
      emitPanelDots(code, shape, l);
      hooks.perPanel();
      code.get(l.cnp).i32(16).op(Op.i32Add).set(l.cnp);
      code.get(l.slot).i32(4).op(Op.i32Add).tee(l.slot).get(4).op(Op.i32LtU).brIf(0);
    });
    hooks.afterRow();
    code.get(l.row).i32(shape.rowsPerBlock).op(Op.i32Add).tee(l.row).get(1).op(Op.i32LtU).brIf(0);
  });
}

/** Nearest centre per point: index (lowest on ties) and clamped squared distance (f64). */
function nearestFunction(shape: KernelShape): FunctionSpec {
  const scope = locals(NEAREST_PARAMS);
  const l = dotLocals(scope, shape.rowsPerBlock);
  const best = l.accumulators.map(() => scope.add(Type.f64));
  const index = l.accumulators.map(() => scope.add(Type.i32));
  const partial = scope.add(Type.f64);
  const less = scope.add(Type.i32);
  const code = new CodeWriter();
  emitBlocks(code, shape, l, {
    perRow: () => {
      for (let point = 0; point < shape.rowsPerBlock; point++) {
        code.f64(Number.POSITIVE_INFINITY).set(best[point]!).i32(0).set(index[point]!);
      }
    },
    perPanel: () => {
      l.accumulators.forEach((accumulator, point) => {
        for (let lane = 0; lane < 4; lane++) {
          emitPartial(code, l, accumulator, lane);
          code.tee(partial).get(best[point]!).op(Op.f64Lt).set(less);
          code.get(partial).get(best[point]!).get(less).op(Op.select).set(best[point]!);
          code.get(l.slot).i32(lane).op(Op.i32Add).get(index[point]!).get(less).op(Op.select);
          code.set(index[point]!);
        }
      });
    },
    afterRow: () => {
      for (let point = 0; point < shape.rowsPerBlock; point++) {
        code.get(7).get(l.row).i32(4).op(Op.i32Mul).op(Op.i32Add).get(index[point]!);
        code.memory(Op.i32Store, 2, point * 4);
        code.get(8).get(l.row).i32(8).op(Op.i32Mul).op(Op.i32Add);
        code
          .get(6)
          .get(l.row)
          .i32(4)
          .op(Op.i32Mul)
          .op(Op.i32Add)
          .memory(Op.f32Load, 2, point * 4);
        code.op(Op.f64PromoteF32).get(best[point]!).op(Op.f64Add).f64(0).op(Op.f64Max);
        code.memory(Op.f64Store, 3, point * 8);
      }
    },
  });
  return { name: 'nearest', params: NEAREST_PARAMS, locals: scope.list, body: code };
}

/** Every point-to-centre squared distance (f64, clamped at 0), row-major with `slots` columns. */
function crossFunction(shape: KernelShape): FunctionSpec {
  const scope = locals(CROSS_PARAMS);
  const l = dotLocals(scope, shape.rowsPerBlock);
  const norms = l.accumulators.map(() => scope.add(Type.f64));
  const out = scope.add(Type.i32);
  const code = new CodeWriter();
  emitBlocks(code, shape, l, {
    perRow: () => {
      norms.forEach((norm, point) => {
        code
          .get(6)
          .get(l.row)
          .i32(4)
          .op(Op.i32Mul)
          .op(Op.i32Add)
          .memory(Op.f32Load, 2, point * 4);
        code.op(Op.f64PromoteF32).set(norm);
      });
    },
    perPanel: () => {
      l.accumulators.forEach((accumulator, point) => {
        // out + ((row + point) * slots + slot) * 8
        code.get(7).get(l.row).i32(point).op(Op.i32Add).get(4).op(Op.i32Mul).get(l.slot).op(Op.i32Add);
        code.i32(8).op(Op.i32Mul).op(Op.i32Add).set(out);
        for (let lane = 0; lane < 4; lane++) {
          code.get(out).get(norms[point]!);
          emitPartial(code, l, accumulator, lane);
          code
            .op(Op.f64Add)
            .f64(0)
            .op(Op.f64Max)
            .memory(Op.f64Store, 3, lane * 8);
        }
      });
    },
    afterRow: () => {},
  });
  return { name: 'cross', params: CROSS_PARAMS, locals: scope.list, body: code };
}

/** The module's bytes for one shape (the stride is baked into the load offsets). */
export function kernelModuleBytes(shape: KernelShape): Uint8Array {
  return emitModule([
    nearestFunction(shape),
    crossFunction(shape),
    accumulateFunction(shape),
    residualFunction(shape),
    normsFunction(shape),
    potentialsFunction(),
  ]);
}

/** The exports of an instantiated kernel module. */
export interface KernelExports {
  nearest(
    start: number,
    end: number,
    points: number,
    centres: number,
    slots: number,
    centreNorms: number,
    pointNorms: number,
    assignments: number,
    distances: number,
  ): void;
  cross(
    start: number,
    end: number,
    points: number,
    centres: number,
    slots: number,
    centreNorms: number,
    pointNorms: number,
    out: number,
  ): void;
  accumulate(start: number, end: number, points: number, assignments: number, sums: number): void;
  residual(
    start: number,
    end: number,
    points: number,
    assignments: number,
    centres: number,
    out: number,
  ): void;
  norms(start: number, end: number, points: number, out: number): void;
  potentials(
    start: number,
    end: number,
    values: number,
    columns: number,
    first: number,
    closest: number,
    out: number,
  ): void;
}
