/**
 * Cohen's kappa of two 0/1 codings of the same n items, read with strides from typed arrays so a panel's
 * row-major matrix needs no copies. A small local helper: simulation must not depend on @borderline/agreement.
 * When chance agreement is 1 (both raters constant and equal) kappa is defined as 1.
 */
export function binaryKappa(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
  layout: { aOffset?: number; aStride?: number; bOffset?: number; bStride?: number } = {},
): number {
  const aOffset = layout.aOffset ?? 0;
  const aStride = layout.aStride ?? 1;
  const bOffset = layout.bOffset ?? 0;
  const bStride = layout.bStride ?? 1;
  if (n === 0) return Number.NaN;
  let agree = 0;
  let aPositive = 0;
  let bPositive = 0;
  for (let row = 0; row < n; row++) {
    const x = a[aOffset + row * aStride]! === 1 ? 1 : 0;
    const y = b[bOffset + row * bStride]! === 1 ? 1 : 0;
    aPositive += x;
    bPositive += y;
    if (x === y) agree++;
  }
  const observed = agree / n;
  const pa = aPositive / n;
  const pb = bPositive / n;
  const chance = pa * pb + (1 - pa) * (1 - pb);
  if (chance >= 1) return 1;
  return (observed - chance) / (1 - chance);
}
