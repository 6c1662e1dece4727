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
import type { KernelShape } from './wasm-kernel-shape';
import { accumulateFunction, normsFunction, potentialsFunction, residualFunction } from './wasm-row-passes';

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
  readonly vectors: readonly number[];
  readonly splat: number;
  /** One f32x4 per (point, panel), point-major. */
  readonly accumulators: readonly number[];
  readonly centreNorms: readonly number[];
}

function dotLocals(scope: Locals, shape: KernelShape): DotLocals {
  const panels = shape.panelsPerBlock;
  return {
    row: scope.add(Type.i32),
    base: scope.add(Type.i32),
    x: scope.add(Type.i32),
    xEnd: scope.add(Type.i32),
    q: scope.add(Type.i32),
    slot: scope.add(Type.i32),
    cnp: scope.add(Type.i32),
    vectors: Array.from({ length: panels }, () => scope.add(Type.v128)),
    splat: scope.add(Type.v128),
    accumulators: Array.from({ length: shape.rowsPerBlock * panels }, () => scope.add(Type.v128)),
    centreNorms: Array.from({ length: 4 * panels }, () => scope.add(Type.f64)),
  };
}

/**
 * Accumulates rows x (4 x panels) dot products over every dimension. `q` walks the first panel of the block
 * (the others are at fixed offsets) and is moved to the next block at the end.
 */
function emitPanelDots(code: CodeWriter, shape: KernelShape, l: DotLocals): void {
  const panelBytes = shape.stride * 4;
  const panels = shape.panelsPerBlock;
  for (const accumulator of l.accumulators) code.zeroV128().set(accumulator);
  code.get(l.base).set(l.x);
  code.get(l.base).i32(shape.stride).op(Op.i32Add).set(l.xEnd);
  code.loop(() => {
    l.vectors.forEach((vector, panel) => {
      code
        .get(l.q)
        .simdMemory(SimdOp.v128Load, 4, panel * panelBytes)
        .set(vector);
    });
    for (let point = 0; point < shape.rowsPerBlock; point++) {
      code
        .get(l.x)
        .simdMemory(SimdOp.v128Load32Splat, 2, point * shape.stride)
        .set(l.splat);
      l.vectors.forEach((vector, panel) => {
        const accumulator = l.accumulators[point * panels + panel]!;
        code.get(accumulator).get(l.splat).get(vector).simd(SimdOp.f32x4Mul).simd(SimdOp.f32x4Add);
        code.set(accumulator);
      });
    }
    code.get(l.q).i32(16).op(Op.i32Add).set(l.q);
    code.get(l.x).i32(4).op(Op.i32Add).tee(l.x).get(l.xEnd).op(Op.i32LtU).brIf(0);
  });
  if (panels > 1)
    code
      .get(l.q)
      .i32(panelBytes * (panels - 1))
      .op(Op.i32Add)
      .set(l.q);
  l.centreNorms.forEach((norm, slot) => {
    code
      .get(l.cnp)
      .memory(Op.f32Load, 2, slot * 4)
      .op(Op.f64PromoteF32)
      .set(norm);
  });
}

/** Pushes |c|^2 - 2 x.c in f64 for one point's accumulator and one slot of the block (panel x 4 + lane). */
function emitPartial(code: CodeWriter, l: DotLocals, accumulator: number, slot: number): void {
  const lane = slot & 3;
  code.get(l.centreNorms[slot]!);
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
      const slots = 4 * shape.panelsPerBlock;
      code
        .get(l.cnp)
        .i32(4 * slots)
        .op(Op.i32Add)
        .set(l.cnp);
      code.get(l.slot).i32(slots).op(Op.i32Add).tee(l.slot).get(4).op(Op.i32LtU).brIf(0);
    });
    hooks.afterRow();
    code.get(l.row).i32(shape.rowsPerBlock).op(Op.i32Add).tee(l.row).get(1).op(Op.i32LtU).brIf(0);
  });
}

/** Nearest centre per point: index (lowest on ties) and clamped squared distance (f64). */
function nearestFunction(shape: KernelShape): FunctionSpec {
  const scope = locals(NEAREST_PARAMS);
  const l = dotLocals(scope, shape);
  const points = Array.from({ length: shape.rowsPerBlock }, (_, point) => point);
  const best = points.map(() => scope.add(Type.f64));
  const index = points.map(() => scope.add(Type.i32));
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
      // Slots in increasing order with a strict <, so ties go to the lower centre index.
      for (const point of points) {
        for (let slot = 0; slot < 4 * shape.panelsPerBlock; slot++) {
          const accumulator = l.accumulators[point * shape.panelsPerBlock + (slot >> 2)]!;
          emitPartial(code, l, accumulator, slot);
          code.tee(partial).get(best[point]!).op(Op.f64Lt).set(less);
          code.get(partial).get(best[point]!).get(less).op(Op.select).set(best[point]!);
          code.get(l.slot).i32(slot).op(Op.i32Add).get(index[point]!).get(less).op(Op.select);
          code.set(index[point]!);
        }
      }
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
  const l = dotLocals(scope, shape);
  const norms = Array.from({ length: shape.rowsPerBlock }, () => scope.add(Type.f64));
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
      norms.forEach((norm, point) => {
        // out + ((row + point) * slots + slot) * 8
        code.get(7).get(l.row).i32(point).op(Op.i32Add).get(4).op(Op.i32Mul).get(l.slot).op(Op.i32Add);
        code.i32(8).op(Op.i32Mul).op(Op.i32Add).set(out);
        for (let slot = 0; slot < 4 * shape.panelsPerBlock; slot++) {
          const accumulator = l.accumulators[point * shape.panelsPerBlock + (slot >> 2)]!;
          code.get(out).get(norm);
          emitPartial(code, l, accumulator, slot);
          code
            .op(Op.f64Add)
            .f64(0)
            .op(Op.f64Max)
            .memory(Op.f64Store, 3, slot * 8);
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
  accumulate(
    start: number,
    end: number,
    points: number,
    assignments: number,
    sums: number,
    chunkRows: number,
    partialBytes: number,
  ): void;
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
