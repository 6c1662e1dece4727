import { KAPPA_REASONS } from './cohen-kappa';
import type { UndefinedReason } from './common';
import type { PairwiseKappaColumns } from './sparse-pairwise-kappa';

/** One pair of annotators in a report. JSON-safe: an undefined coefficient is `null`, with `reason`. */
export interface ReportPair {
  readonly a: string;
  readonly b: string;
  /** Items both labelled. */
  readonly n: number;
  readonly kappa: number | null;
  /** 95% interval clipped to [-1, 1]; the unclipped one is kappa -/+ 1.96 `standardError`. */
  readonly ci95: readonly [number, number] | null;
  /** The analytic standard error (statsmodels' figure). */
  readonly standardError: number | null;
  readonly observedAgreement: number | null;
  readonly reason?: UndefinedReason;
}

/**
 * The positions of the pairs to list: all of them when there are at most `maxPairs`, else the `maxPairs` that
 * share the most items (ties broken in annotator order), kept in annotator order. A histogram of n finds the
 * cut in one pass, with no sort of a million pairs.
 */
export function listedPairs(columns: PairwiseKappaColumns, maxPairs: number): Int32Array {
  const total = columns.pairs;
  if (total <= maxPairs) return Int32Array.from({ length: total }, (_, at) => at);
  let most = 0;
  for (let at = 0; at < total; at++) most = Math.max(most, columns.n[at]!);
  const histogram = new Int32Array(most + 1);
  for (let at = 0; at < total; at++) histogram[columns.n[at]!]!++;
  // The cut: every pair above it is listed, and the first few at it fill up to maxPairs.
  let cut = most;
  let above = 0;
  while (cut > 0 && above + histogram[cut]! < maxPairs) above += histogram[cut--]!;
  let atCut = maxPairs - above;
  const listed = new Int32Array(maxPairs);
  let out = 0;
  for (let at = 0; at < total && out < maxPairs; at++) {
    const n = columns.n[at]!;
    if (n > cut || (n === cut && atCut-- > 0)) listed[out++] = at;
  }
  return listed.subarray(0, out);
}

/** One listed pair as a JSON-safe object. */
export function reportPair(columns: PairwiseKappaColumns, at: number, names: readonly string[]): ReportPair {
  const reason = KAPPA_REASONS[columns.reason[at]!];
  const defined = reason === undefined;
  return {
    a: names[columns.first[at]!]!,
    b: names[columns.second[at]!]!,
    n: columns.n[at]!,
    kappa: defined ? columns.kappa[at]! : null,
    ci95: defined ? [columns.ciLow[at]!, columns.ciHigh[at]!] : null,
    standardError: defined ? columns.standardError[at]! : null,
    observedAgreement: finite(columns.observedAgreement[at]!),
    ...(reason === undefined ? {} : { reason }),
  };
}

/** A value for JSON: NaN and infinities become `null`. */
export function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Names shown in one warning before the rest are counted. */
const NAMED = 5;

/** `a, b, c and 12 more`. */
export function someOf(names: readonly string[], total = names.length): string {
  const shown = names.slice(0, NAMED).join(', ');
  return total > NAMED ? `${shown} and ${total - NAMED} more` : shown;
}

/** One line per kind of pair problem, never one line per pair (1,000 workers gave 475,000 lines). */
export function pairWarnings(
  columns: PairwiseKappaColumns,
  names: readonly string[],
  minItems: number,
): string[] {
  const warnings: string[] = [];
  const withoutItems = columns.totalPairs - columns.sharingPairs;
  if (withoutItems > 0) {
    warnings.push(
      `${withoutItems} of ${columns.totalPairs} annotator pairs share no item (no kappa; not in the mean)`,
    );
  }
  const belowMinimum = columns.sharingPairs - columns.pairs;
  if (belowMinimum > 0) {
    warnings.push(
      `${belowMinimum} pairs share fewer than ${minItems} items: left out (the minimum asked for)`,
    );
  }
  const undefinedPairs: string[] = [];
  let undefinedCount = 0;
  for (let at = 0; at < columns.pairs; at++) {
    if (columns.reason[at] === 0) continue;
    undefinedCount++;
    if (undefinedPairs.length < NAMED) {
      undefinedPairs.push(`${names[columns.first[at]!]}/${names[columns.second[at]!]} (n=${columns.n[at]})`);
    }
  }
  if (undefinedCount > 0) {
    warnings.push(
      `${undefinedCount} pairs have an undefined kappa (single-category: both used one and the same category): ${someOf(undefinedPairs, undefinedCount)}`,
    );
  }
  return warnings;
}
