import {
  createLabelSet,
  type DataIssue,
  dataError,
  type Label,
  type LabelSet,
  type Role,
} from '@borderline/core';
import type { UndefinedReason, Weights } from './common';
import { fleissKappa } from './fleiss-kappa';
import { krippendorffAlpha, type MeasurementLevel } from './krippendorff-alpha';
import { pairwiseKappa } from './pairwise-kappa';
import { panelGwetAc1 } from './panel-gwet-ac1';

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
}

/** One pair of annotators in a report. JSON-safe: an undefined coefficient is `null`, with `reason`. */
export interface ReportPair {
  readonly a: string;
  readonly b: string;
  /** Items both labelled. */
  readonly n: number;
  readonly kappa: number | null;
  readonly ci95: readonly [number, number] | null;
  readonly standardError: number | null;
  readonly observedAgreement: number | null;
  readonly reason?: UndefinedReason;
}

/** What `borderline agreement --json` prints. Every number is finite or `null` (never NaN). */
export interface AgreementReport {
  readonly labels: readonly string[];
  readonly role: Role | null;
  readonly weights: Weights;
  readonly annotators: readonly string[];
  /** Items labelled by at least one of `annotators`. */
  readonly items: number;
  /** Labels counted (after role and annotator filters). */
  readonly labelCount: number;
  readonly pairs: readonly ReportPair[];
  /** Mean kappa over pairs with a defined kappa (`definedPairs` of them). */
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
   * Things a reader should know: annotators without labels, pairs without overlap, undefined panel coefficients
   * (with the reason), repeated identical labels.
   */
  readonly warnings: readonly string[];
}

/**
 * The panel's agreement from raw labels: builds the items x annotators matrix and runs pairwise kappa, Fleiss,
 * Krippendorff and AC1 on it. Throws `invalid-data` listing every label outside the label set and every item an
 * annotator labelled twice differently.
 */
export function agreementReport(labels: readonly Label[], options: AgreementReportOptions): AgreementReport {
  const labelSet = 'codeOf' in options.labelSet ? options.labelSet : createLabelSet(options.labelSet);
  const weights = options.weights ?? 'none';
  const level = options.level ?? 'nominal';
  const role = options.role;
  const kept = role === undefined ? labels : labels.filter((label) => label.role === role);
  const annotators = options.annotators ?? [...new Set(kept.map((label) => label.annotator))].sort();
  const panel = buildPanel(labels, { role, annotators, labelSet, source: options.source });
  const panelOptions = { annotators: annotators.length, categories: labelSet.categories.length, weights };
  const pairwise = pairwiseKappa(panel.matrix, panelOptions);
  const fleiss = fleissKappa(panel.matrix, panelOptions);
  const alpha = krippendorffAlpha(panel.matrix, { ...panelOptions, level });
  const ac1 = panelGwetAc1(panel.matrix, panelOptions);
  const warnings = [...panel.warnings];
  if (!fleiss.defined)
    warnings.push(`Fleiss' kappa undefined (${fleiss.reason}, ${fleiss.items} items labelled by all)`);
  if (!alpha.defined) warnings.push(`Krippendorff's alpha undefined (${alpha.reason})`);
  if (!ac1.defined) warnings.push(`Gwet's AC1 undefined (${ac1.reason})`);
  for (const pair of pairwise.pairs) {
    if (!pair.defined) {
      warnings.push(
        `${annotators[pair.a]} and ${annotators[pair.b]}: kappa undefined (${pair.reason}, n=${pair.n})`,
      );
    }
  }
  return {
    labels: labelSet.categories,
    role: options.role ?? null,
    weights,
    annotators,
    items: panel.items,
    labelCount: panel.labelCount,
    pairs: pairwise.pairs.map((pair) => ({
      a: annotators[pair.a]!,
      b: annotators[pair.b]!,
      n: pair.n,
      kappa: finite(pair.kappa),
      ci95: pair.defined ? pair.ci95 : null,
      standardError: finite(pair.standardError),
      observedAgreement: finite(pair.observedAgreement),
      ...(pair.reason === undefined ? {} : { reason: pair.reason }),
    })),
    meanPairwiseKappa: finite(pairwise.meanPairwiseKappa),
    definedPairs: pairwise.definedPairs,
    fleissKappa: finite(fleiss.kappa),
    fleissItems: fleiss.items,
    krippendorffAlpha: finite(alpha.alpha),
    krippendorffLevel: level,
    gwetAc1: finite(ac1.ac1),
    warnings,
  };
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

interface Panel {
  readonly matrix: Int32Array;
  readonly items: number;
  readonly labelCount: number;
  readonly warnings: string[];
}

interface PanelSpec {
  readonly role: Role | undefined;
  readonly annotators: readonly string[];
  readonly labelSet: LabelSet;
  readonly source: string | undefined;
}

/** Items in first-seen order x annotators in the given order; -1 where an annotator did not label an item. */
function buildPanel(labels: readonly Label[], spec: PanelSpec): Panel {
  const { annotators, labelSet, source } = spec;
  const column = new Map(annotators.map((name, index) => [name, index]));
  const rows = new Map<string, number>();
  const cells: number[] = [];
  const issues: DataIssue[] = [];
  let repeats = 0;
  let labelCount = 0;
  labels.forEach((label, index) => {
    const annotator = column.get(label.annotator);
    if (annotator === undefined || (spec.role !== undefined && label.role !== spec.role)) return;
    const code = labelSet.codeOf(label.label);
    if (code < 0) {
      issues.push(outsideSet(source, index, label, labelSet));
      return;
    }
    let row = rows.get(label.item);
    if (row === undefined) {
      row = rows.size;
      rows.set(label.item, row);
      for (let j = 0; j < annotators.length; j++) cells.push(-1);
    }
    const cell = row * annotators.length + annotator;
    const previous = cells[cell]!;
    if (previous === code) repeats++;
    else if (previous >= 0) issues.push(conflict(source, index, label, labelSet.categoryOf(previous)));
    else {
      cells[cell] = code;
      labelCount++;
    }
  });
  if (issues.length > 0) throw labelProblems(issues, source);
  return {
    matrix: Int32Array.from(cells),
    items: rows.size,
    labelCount,
    warnings: panelWarnings(annotators, column, cells, repeats),
  };
}

/** Most listed problems: a wrong --labels would otherwise list every label of the file. */
const LISTED_ISSUES = 20;

function labelProblems(issues: readonly DataIssue[], source: string | undefined) {
  const found = [...new Set(issues.map((issue) => issue.found))].slice(0, 10).join(', ');
  const shown = issues.length > LISTED_ISSUES ? `; the first ${LISTED_ISSUES}:` : ':';
  const summary = `agreementReport: ${issues.length} label problem(s) in ${source ?? 'the labels'} (values: ${found})${shown}`;
  return dataError(issues.slice(0, LISTED_ISSUES), summary);
}

function panelWarnings(
  annotators: readonly string[],
  column: Map<string, number>,
  cells: number[],
  repeats: number,
): string[] {
  const warnings: string[] = [];
  const seen = new Int32Array(annotators.length);
  cells.forEach((code, cell) => {
    if (code >= 0) seen[cell % annotators.length]!++;
  });
  for (const [name, index] of column) if (seen[index] === 0) warnings.push(`annotator ${name} has no labels`);
  if (repeats > 0) warnings.push(`${repeats} repeated identical label(s) counted once`);
  return warnings;
}

function outsideSet(source: string | undefined, index: number, label: Label, labelSet: LabelSet): DataIssue {
  return {
    ...(source === undefined ? {} : { file: source }),
    row: index + 1,
    field: 'label',
    message: `label of ${label.annotator} on ${label.item} is not in the label set`,
    expected: labelSet.categories.join(' | '),
    found: JSON.stringify(label.label),
  };
}

function conflict(source: string | undefined, index: number, label: Label, previous: string): DataIssue {
  return {
    ...(source === undefined ? {} : { file: source }),
    row: index + 1,
    field: 'label',
    message: `${label.annotator} labelled ${label.item} twice with different labels`,
    expected: JSON.stringify(previous),
    found: JSON.stringify(label.label),
  };
}
