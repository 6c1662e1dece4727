import type { CurveSummary, PairedDifference, SeedFigure, SeedSummary } from './report';
import { differenceText, formatKappa } from './report';

const BASELINE_NAMES: Readonly<Record<string, string>> = {
  'crowd-baseline': 'the crowd baseline',
  random: 'random selection at the same budget',
  'single-annotator': 'the single-annotator baseline',
};

/**
 * Plain-language findings computed from the seed summary, never edited by hand. Per (task, model) and baseline,
 * one sentence from the paired differences curated - baseline on the expert evaluation set and on the audit set:
 * "beats" when the 95% interval over seeds is above 0, "trails" when below, "no clear difference" when it spans
 * 0, and where the two sets disagree the sentence says so. With one seed there is no interval, and the sentence
 * gives the differences without a verdict. Per (task, model) with several curves, one sentence ranks them by the
 * area under the audit-kappa curve.
 */
export function findingsOf(summary: SeedSummary): string[] {
  const findings: string[] = [];
  const seen = new Set<string>();
  for (const paired of summary.paired) {
    // The primary (first) policy of each (task, model) speaks for curated; other policies rank by their curves.
    const cell = `${paired.task}/${paired.model}`;
    const primary = summary.paired.find((entry) => `${entry.task}/${entry.model}` === cell)!.policy;
    if (paired.policy !== primary || seen.has(`${cell}/${paired.baseline}`)) continue;
    seen.add(`${cell}/${paired.baseline}`);
    findings.push(pairedFinding(paired, summary.seeds.length));
  }
  const cells = new Map<string, CurveSummary[]>();
  for (const curve of summary.curves) {
    const cell = `${curve.task}/${curve.model}`;
    cells.set(cell, [...(cells.get(cell) ?? []), curve]);
  }
  for (const [cell, curves] of cells) {
    if (curves.length > 1) findings.push(curveFinding(cell, curves, summary.seeds.length));
  }
  return findings;
}

type Verdict = 'beats' | 'trails' | 'none' | 'unknown';

function verdictOf(figure: SeedFigure): Verdict {
  if (figure.ci95 === null) return 'unknown';
  if (figure.ci95[0] > 0) return 'beats';
  if (figure.ci95[1] < 0) return 'trails';
  return 'none';
}

function pairedFinding(paired: PairedDifference, seeds: number): string {
  const key = `${paired.task}/${paired.model}`;
  const name = BASELINE_NAMES[paired.baseline] ?? paired.baseline;
  const evaluation = differenceText(paired.evaluation);
  const audit = differenceText(paired.audit);
  const onEval = verdictOf(paired.evaluation);
  const onAudit = verdictOf(paired.audit);
  if (onEval === 'unknown' || onAudit === 'unknown') {
    const count = seeds === 1 ? 'one seed' : `${seeds} seeds with too few defined values`;
    return (
      `${key}, ${count} (no interval; --seeds 5 gives one): curated minus ${name} is ${evaluation} on the ` +
      `expert evaluation set and ${audit} on the audit set.`
    );
  }
  const over = `over ${seeds} seeds`;
  if (onEval === onAudit) {
    if (onEval === 'none') {
      return (
        `${key}: no clear difference between curated and ${name} ${over}: ${evaluation} on the expert ` +
        `evaluation set and ${audit} on the audit set (both intervals span 0).`
      );
    }
    return `${key}: curated ${onEval} ${name} by ${evaluation} ${over} on the expert evaluation set, and by ${audit} on the audit set.`;
  }
  const phrase = (verdict: Verdict, text: string) =>
    verdict === 'none'
      ? `no clear difference from ${name} (${text})`
      : `curated ${verdict} ${name} by ${text}`;
  return (
    `${key}: the two sets disagree ${over}: on the expert evaluation set ${phrase(onEval, evaluation)}; ` +
    `on the audit set ${phrase(onAudit, audit)}.`
  );
}

function curveFinding(cell: string, curves: readonly CurveSummary[], seeds: number): string {
  const ranked = [...curves].sort(
    (a, b) =>
      (Number.isFinite(b.area.mean) ? b.area.mean : Number.NEGATIVE_INFINITY) -
      (Number.isFinite(a.area.mean) ? a.area.mean : Number.NEGATIVE_INFINITY),
  );
  const [from, to] = curves[0]!.areaRange;
  const list = ranked
    .map((curve) => {
      const interval =
        curve.area.ci95 === null
          ? ''
          : ` [${formatKappa(curve.area.ci95[0])}, ${formatKappa(curve.area.ci95[1])}]`;
      return `${curve.policy} ${formatKappa(curve.area.mean)}${interval}`;
    })
    .join(', ');
  const over = seeds === 1 ? 'one seed' : `mean over ${seeds} seeds`;
  return (
    `${cell}: area under the audit-kappa curve (mean audit kappa over ${Math.round(from)}-${Math.round(to)} ` +
    `expert labels, ${over}), by policy at equal budget: ${list}.`
  );
}
