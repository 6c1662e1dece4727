/**
 * The f32x4 distance kernel as WebAssembly. Memory layout (all byte addresses, chosen by the caller):
 * - points: row-major, each row padded with zeros to `stride` bytes (a multiple of 16); rows padded with zero rows
 *   to a multiple of `rowsPerBlock`;
 * - centres: panels of 4 centres, each panel dimension-major (for each dimension, the 4 centres' values), so one
 *   v128 load gives one dimension of 4 centres; unused panel slots are zero with norm +Infinity;
 * - norms: f32, the sequential f32 sum of squares (the same order as a dot product in the kernel, so a point and
 *   an identical centre give exactly 0).
 *
 * The register block is `rowsPerBlock` points x `panelsPerBlock` panels: each dimension costs one v128 load per
 * panel, one 32-bit splat load per point, and a multiply and an add per (point, panel), accumulating in one
 * f32x4 per (point, panel). Products are summed in f32 in dimension order; wasm has no fused multiply-add, so the
 * result is the same on every engine.
 */
export interface KernelShape {
  readonly rowsPerBlock: number;
  /** Panels of 4 centres per register block (the slot count is padded to 4 x this). */
  readonly panelsPerBlock: number;
  /** Bytes per padded point row (dimensions rounded up to 4, times 4). */
  readonly stride: number;
}
