import {
  createLabelSet,
  invalidArgument,
  type Label,
  type LabelSet,
  ROLES,
  type Role,
} from '@borderline/core';
import type { Weights } from './common';
import { type FleissKappaResult, fleissOfCompleteItems } from './fleiss-kappa';
import type { GwetAc1Result } from './gwet-ac1';
import { alphaFromCounts, type KrippendorffAlphaResult, type MeasurementLevel } from './krippendorff-alpha';
import { panelAc1FromCounts } from './panel-gwet-ac1';
import { finite, listedPairs, pairWarnings, type ReportPair, reportPair, someOf } from './report-pairs';
import { reportPanel } from './report-panel';
import { sparsePairwiseKappa } from './sparse-pairwise-kappa';
import { sparseCategoryCounts } from './sparse-panel';

export type { ReportPair } from './report-pairs';

/** Options of a panel report. */
export interface AgreementReportOptions {
  /** The ordered categories (a LabelSet or their names); a label outside it is an `invalid-data` error. */
  readonly labelSet: LabelSet | readonly string[];
  /** Keep only labels of this role (e.g. `expert`); default all roles. */
  readonly role?: Role;
  /** Annotators to compare, in this order; default every annotator present (after the role filter), sorted. */
  readonly annotators?: readonly string[];
  /** Kappa and AC weights; default `none`. */
  readonly weights?: Weights;
  /** Krippendorff's metric; default `nominal`. */
  readonly level?: MeasurementLevel;
  /** The file the labels came from, named in data errors (rows are positions in `labels`, 1-based). */
  readonly source?: string;
  /**
   * How many pairs `pairs` lists: all when there are at most this many, else the ones sharing the most items
   * (in annotator order). Default: every pair. The mean and the counts always cover every compared pair.
   */
  readonly maxPairs?: number;
  /** Pairs sharing fewer items are neither compared (listed, in the mean) nor warned about one by one. Default 1. */
  readonly minItems?: number;
}

/** One annotator: the role of its first label and how many items it labelled (as `validate` reports it). */
export interface ReportAnnotator {
  readonly annotator: string;
  readonly role: Role | null;
  readonly items: number;
}

/** What `borderline agreement --json` prints. Every number is finite or `null` (never NaN). */
export interface AgreementReport {
  /** The ordered label set. */
  readonly categories: readonly string[];
  readonly role: Role | null;
  readonly weights: Weights;
  readonly annotators: readonly ReportAnnotator[];
  /** Items labelled by at least one of `annotators`. */
  readonly items: number;
  /** Labels counted (after role and annotator filters; exact repeats once). */
  readonly labels: number;
  /** Listed pairs (see `maxPairs`), each sharing at least `minItems` items. */
  readonly pairs: readonly ReportPair[];
  /** All annotator pairs, those sharing at least one item, and those sharing at least `minItems` (compared). */
  readonly totalPairs: number;
  readonly sharingPairs: number;
  readonly comparedPairs: number;
  readonly minItems: number;
  /** Mean kappa over compared pairs with a defined kappa (`definedPairs` of them). */
  readonly meanPairwiseKappa: number | null;
  readonly definedPairs: number;
  /** Fleiss' kappa over the `fleissItems` items all annotators labelled. */
  readonly fleissKappa: number | null;
  readonly fleissItems: number;
  readonly krippendorffAlpha: number | null;
  readonly krippendorffLevel: MeasurementLevel;
  /** Panel AC1 (AC2 when weighted), over all labelled items. */
  readonly gwetAc1: number | null;
  /**
   * Things a reader should know, one line per kind (never one per pair): annotators without labels, pairs
   * without shared items, undefined coefficients (with the reason), repeated identical labels.
   */
  readonly warnings: readonly string[];
}

/**
 * The panel's agreement from raw labels: a sparse items x annotators panel (memory O(labels), so 10,000 crowd
 * workers on 100,000 items fit), pairwise kappa over the pairs that share items, Fleiss, Krippendorff and AC1.
 * Throws `invalid-data` listing every label outside the label set and every item an annotator labelled twice
 * differently.
 */
export function agreementReport(labels: readonly Label[], options: AgreementReportOptions): AgreementReport {
  const { labelSet, weights, level, minItems, maxPairs } = resolvedOptions(options);
  const role = options.role;
  const names = options.annotators ?? annotatorsIn(labels, role);
  const built = reportPanel(labels, { role, annotators: names, labelSet, source: options.source });
  const { panel } = built;
  const k = labelSet.categories.length;
  const columns = sparsePairwiseKappa(panel, { weights, minItems });
  const { counts, raters } = sparseCategoryCounts(panel);
  const alpha = alphaFromCounts(counts, raters, k, level);
  const ac1 = panelAc1FromCounts(counts, k, weights);
  const fleiss = fleissOfCompleteItems(counts, raters, names.length, k);
  const warnings = annotatorWarnings(names, built.labelsOf, built.repeats);
  warnings.push(...coefficientWarnings(fleiss, alpha, ac1));
  warnings.push(...pairWarnings(columns, names, minItems));
  return {
    categories: labelSet.categories,
    role: role ?? null,
    weights,
    annotators: names.map((annotator, at) => ({
      annotator,
      role: built.roleOf[at]! < 0 ? null : ROLES[built.roleOf[at]!]!,
      items: built.labelsOf[at]!,
    })),
    items: panel.items,
    labels: panel.code.length,
    pairs: Array.from(listedPairs(columns, maxPairs), (at) => reportPair(columns, at, names)),
    totalPairs: columns.totalPairs,
    sharingPairs: columns.sharingPairs,
    comparedPairs: columns.pairs,
    minItems,
    meanPairwiseKappa: finite(columns.meanPairwiseKappa),
    definedPairs: columns.definedPairs,
    fleissKappa: finite(fleiss.kappa),
    fleissItems: fleiss.items,
    krippendorffAlpha: finite(alpha.alpha),
    krippendorffLevel: level,
    gwetAc1: finite(ac1.ac1),
    warnings,
  };
}

/** The options with their defaults filled in and checked. */
function resolvedOptions(options: AgreementReportOptions): {
  readonly labelSet: LabelSet;
  readonly weights: Weights;
  readonly level: MeasurementLevel;
  readonly minItems: number;
  readonly maxPairs: number;
} {
  const labelSet = 'codeOf' in options.labelSet ? options.labelSet : createLabelSet(options.labelSet);
  const weights = options.weights ?? 'none';
  const level = options.level ?? 'nominal';
  const minItems = options.minItems ?? 1;
  const maxPairs = options.maxPairs ?? Number.POSITIVE_INFINITY;
  if (!Number.isInteger(minItems) || minItems < 1)
    throw invalidArgument('agreementReport', `minItems must be a positive integer, got ${minItems}`);
  if (!(maxPairs >= 0)) throw invalidArgument('agreementReport', `maxPairs must be >= 0, got ${maxPairs}`);
  return { labelSet, weights, level, minItems, maxPairs };
}

/** One line per panel coefficient that came out undefined, with its reason. */
function coefficientWarnings(
  fleiss: FleissKappaResult,
  alpha: KrippendorffAlphaResult,
  ac1: GwetAc1Result,
): string[] {
  const warnings: string[] = [];
  if (!fleiss.defined)
    warnings.push(`Fleiss' kappa undefined (${fleiss.reason}, ${fleiss.items} items labelled by all)`);
  if (!alpha.defined) warnings.push(`Krippendorff's alpha undefined (${alpha.reason})`);
  if (!ac1.defined) warnings.push(`Gwet's AC1 undefined (${ac1.reason})`);
  return warnings;
}

/** Every annotator with a label of the role, sorted. */
function annotatorsIn(labels: readonly Label[], role: Role | undefined): string[] {
  const names = new Set<string>();
  for (const label of labels) if (role === undefined || label.role === role) names.add(label.annotator);
  return [...names].sort();
}

function annotatorWarnings(names: readonly string[], labelsOf: Int32Array, repeats: number): string[] {
  const warnings: string[] = [];
  const silent = names.filter((_, at) => labelsOf[at] === 0);
  if (silent.length === 1) warnings.push(`annotator ${silent[0]} has no labels`);
  else if (silent.length > 1) warnings.push(`${silent.length} annotators have no labels: ${someOf(silent)}`);
  if (repeats > 0) warnings.push(`${repeats} repeated identical label(s) counted once`);
  return warnings;
}
