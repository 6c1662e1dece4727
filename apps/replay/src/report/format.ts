/** Kappa as the paper prints it: two decimals, no leading zero (".56", "-.05"); "n/a" when undefined. */
export function formatKappa(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  const fixed = value.toFixed(2);
  return fixed.replace(/^(-?)0\./, '$1.');
}

/** A share as a whole percentage ("41%"). */
export function formatShare(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  return `${Math.round(value * 100)}%`;
}

/** An integer with thousands separators, independent of the machine's locale. */
export function formatCount(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
