/** Rounds a figure for report.json (4 decimals); NaN stays NaN (written as null). */
export function round(value: number, digits = 4): number {
  if (!Number.isFinite(value)) return Number.NaN;
  const scale = 10 ** digits;
  const rounded = Math.round(value * scale) / scale;
  return rounded === 0 ? 0 : rounded;
}
