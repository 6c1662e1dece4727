/**
 * A tiny typed WebAssembly binary emitter: just the opcodes the distance kernel needs (structured loops, i32 and
 * f64 arithmetic, f32x4 SIMD loads and arithmetic, lane extraction, select), and the sections of a module that
 * imports one shared memory and exports functions. No WAT toolchain is needed; the bytes are built here.
 */

/** Value types, by their binary encoding. */
export const Type = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
/** A value type's binary encoding. */
export type ValueType = (typeof Type)[keyof typeof Type];

/** One-byte opcodes. */
export const Op = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f32Load: 0x2a,
  f64Load: 0x2b,
  i32Store: 0x36,
  f32Store: 0x38,
  f64Store: 0x39,
  i32Const: 0x41,
  f32Const: 0x43,
  f64Const: 0x44,
  i32LtU: 0x49,
  f64Lt: 0x63,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32DivU: 0x6e,
  f32Add: 0x92,
  f32Mul: 0x94,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Max: 0xa5,
  f64PromoteF32: 0xbb,
} as const;

/** SIMD opcodes (after the 0xfd prefix). */
export const SimdOp = {
  v128Load: 0x00,
  v128Load32Splat: 0x09,
  v128Store: 0x0b,
  v128Load64Zero: 0x5d,
  f64x2PromoteLowF32x4: 0x5f,
  f64x2Add: 0xf0,
  f64x2Min: 0xf4,
  v128Const: 0x0c,
  f64x2Splat: 0x14,
  f32x4ExtractLane: 0x1f,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
} as const;

/** Appends the unsigned LEB128 encoding of `value`. */
export function unsignedLeb(out: number[], value: number): void {
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
}

/** Appends the signed LEB128 encoding of a 32-bit integer. */
export function signedLeb(out: number[], value: number): void {
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

/** Writes one function body: typed helpers over a byte list, so call sites read like the instruction stream. */
export class CodeWriter {
  readonly bytes: number[] = [];

  op(code: number): this {
    this.bytes.push(code);
    return this;
  }
  get(local: number): this {
    this.bytes.push(Op.localGet);
    unsignedLeb(this.bytes, local);
    return this;
  }
  set(local: number): this {
    this.bytes.push(Op.localSet);
    unsignedLeb(this.bytes, local);
    return this;
  }
  tee(local: number): this {
    this.bytes.push(Op.localTee);
    unsignedLeb(this.bytes, local);
    return this;
  }
  i32(value: number): this {
    this.bytes.push(Op.i32Const);
    signedLeb(this.bytes, value);
    return this;
  }
  f32(value: number): this {
    this.bytes.push(Op.f32Const);
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, value, true);
    for (let index = 0; index < 4; index++) this.bytes.push(view.getUint8(index));
    return this;
  }
  f64(value: number): this {
    this.bytes.push(Op.f64Const);
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, true);
    for (let index = 0; index < 8; index++) this.bytes.push(view.getUint8(index));
    return this;
  }
  /** A load or store with its memory argument (log2 alignment and constant byte offset). */
  memory(code: number, alignLog2: number, offset: number): this {
    this.bytes.push(code);
    unsignedLeb(this.bytes, alignLog2);
    unsignedLeb(this.bytes, offset);
    return this;
  }
  simd(code: number): this {
    this.bytes.push(0xfd);
    unsignedLeb(this.bytes, code);
    return this;
  }
  simdMemory(code: number, alignLog2: number, offset: number): this {
    this.simd(code);
    unsignedLeb(this.bytes, alignLog2);
    unsignedLeb(this.bytes, offset);
    return this;
  }
  /** A v128 of four zero floats. */
  zeroV128(): this {
    this.simd(SimdOp.v128Const);
    for (let index = 0; index < 16; index++) this.bytes.push(0);
    return this;
  }
  extractLane(lane: number): this {
    this.simd(SimdOp.f32x4ExtractLane);
    this.bytes.push(lane);
    return this;
  }
  /** `loop` with an empty block type; the body branches to depth 0 to repeat. */
  loop(body: () => void): this {
    this.bytes.push(Op.loop, 0x40);
    body();
    this.bytes.push(Op.end);
    return this;
  }
  brIf(depth: number): this {
    this.bytes.push(Op.brIf);
    unsignedLeb(this.bytes, depth);
    return this;
  }
}

/** Allocates a function's locals after its parameters. */
export interface Locals {
  readonly list: ValueType[];
  add(type: ValueType): number;
}

/** A local allocator for a function with `params` parameters. */
export function locals(params: number): Locals {
  const list: ValueType[] = [];
  return {
    list,
    add(type) {
      list.push(type);
      return params + list.length - 1;
    },
  };
}

/** A function to emit: its parameters (all i32 here), extra locals, and its body. */
export interface FunctionSpec {
  readonly name: string;
  readonly params: number;
  readonly locals: readonly ValueType[];
  readonly body: CodeWriter;
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  unsignedLeb(out, content.length);
  out.push(...content);
}

function name(out: number[], text: string): void {
  const bytes = new TextEncoder().encode(text);
  unsignedLeb(out, bytes.length);
  out.push(...bytes);
}

/** Local declarations, run-length grouped by type as the binary format wants. */
function localGroups(out: number[], locals: readonly ValueType[]): void {
  const groups: [number, ValueType][] = [];
  for (const type of locals) {
    const last = groups.at(-1);
    if (last !== undefined && last[1] === type) last[0]++;
    else groups.push([1, type]);
  }
  unsignedLeb(out, groups.length);
  for (const [count, type] of groups) {
    unsignedLeb(out, count);
    out.push(type);
  }
}

/**
 * A module importing `env.memory` (shared, up to 65,536 pages) and exporting `functions`, each of type
 * (i32 x params) -> (). Each function has its own type entry, which keeps the emitter trivial.
 */
export function emitModule(functions: readonly FunctionSpec[]): Uint8Array {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  unsignedLeb(types, functions.length);
  for (const spec of functions) {
    types.push(0x60);
    unsignedLeb(types, spec.params);
    for (let index = 0; index < spec.params; index++) types.push(Type.i32);
    types.push(0);
  }
  section(out, 1, types);
  const imports: number[] = [1];
  name(imports, 'env');
  name(imports, 'memory');
  imports.push(0x02, 0x03); // memory, limits flags: has maximum + shared
  unsignedLeb(imports, 1);
  unsignedLeb(imports, 65536);
  section(out, 2, imports);
  const declarations: number[] = [];
  unsignedLeb(declarations, functions.length);
  for (let index = 0; index < functions.length; index++) unsignedLeb(declarations, index);
  section(out, 3, declarations);
  const exports: number[] = [];
  unsignedLeb(exports, functions.length);
  functions.forEach((spec, index) => {
    name(exports, spec.name);
    exports.push(0x00);
    unsignedLeb(exports, index);
  });
  section(out, 7, exports);
  const code: number[] = [];
  unsignedLeb(code, functions.length);
  for (const spec of functions) {
    const body: number[] = [];
    localGroups(body, spec.locals);
    body.push(...spec.body.bytes, Op.end);
    unsignedLeb(code, body.length);
    code.push(...body);
  }
  section(out, 10, code);
  return Uint8Array.from(out);
}
