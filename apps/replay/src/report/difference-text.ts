import { formatKappa } from './format';
import type { SeedFigure } from './types';

/** A signed difference with its interval over seeds: "+.12 [+.05, +.19]", or "+.12" with one seed. */
export function differenceText(figure: SeedFigure): string {
  const signed = (value: number) => (value > 0 ? `+${formatKappa(value)}` : formatKappa(value));
  if (!Number.isFinite(figure.mean)) return 'n/a';
  return figure.ci95 === null
    ? signed(figure.mean)
    : `${signed(figure.mean)} [${signed(figure.ci95[0])}, ${signed(figure.ci95[1])}]`;
}
