/**
 * The few members of the WebAssembly JavaScript API the kernel uses, typed here because this project's TypeScript
 * lib (ES2023 + node) does not declare them.
 */

/** A WebAssembly memory; the kernel's are always shared. */
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}

/** A compiled module (opaque). */
export interface WasmModule {
  readonly __wasmModule?: never;
}

/** The constructors on `globalThis.WebAssembly`. */
export interface WasmRuntime {
  readonly Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => WasmMemory;
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (module: WasmModule, imports: object) => { readonly exports: unknown };
}

/** `globalThis.WebAssembly`, or undefined where the runtime has none. */
export function wasmRuntime(): WasmRuntime | undefined {
  return (globalThis as { WebAssembly?: WasmRuntime }).WebAssembly;
}
