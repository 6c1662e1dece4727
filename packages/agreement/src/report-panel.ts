import { type DataIssue, dataError, type Label, type LabelSet, ROLES, type Role } from '@borderline/core';
import { panelOrder, type SparsePanel } from './sparse-panel';

/** What the report needs to know to build its panel from raw labels. */
export interface PanelSpec {
  readonly role: Role | undefined;
  readonly annotators: readonly string[];
  readonly labelSet: LabelSet;
  readonly source: string | undefined;
}

/** A report's panel: the sparse labels and what was counted on the way. */
export interface ReportPanel {
  readonly panel: SparsePanel;
  /** Labels kept per annotator, and the role of each annotator's first label (-1 when none). */
  readonly labelsOf: Int32Array;
  readonly roleOf: Int8Array;
  /** Exact repeats of a label, counted once. */
  readonly repeats: number;
}

/**
 * Items in first-seen order x annotators in the given order, as a sparse panel (O(labels) memory). Throws
 * `invalid-data` listing every label outside the label set and every item an annotator labelled twice differently.
 */
export function reportPanel(labels: readonly Label[], spec: PanelSpec): ReportPanel {
  const { annotators, labelSet, source } = spec;
  const column = new Map(annotators.map((name, index) => [name, index]));
  const rows = new Map<string, number>();
  const item = new Int32Array(labels.length);
  const annotator = new Int32Array(labels.length);
  const code = new Int32Array(labels.length);
  const position = new Int32Array(labels.length);
  const issues: DataIssue[] = [];
  let count = 0;
  for (let index = 0; index < labels.length; index++) {
    const label = labels[index]!;
    const at = column.get(label.annotator);
    if (at === undefined || (spec.role !== undefined && label.role !== spec.role)) continue;
    const value = labelSet.codeOf(label.label);
    if (value < 0) {
      issues.push(outsideSet(source, index, label, labelSet));
      continue;
    }
    let row = rows.get(label.item);
    if (row === undefined) {
      row = rows.size;
      rows.set(label.item, row);
    }
    item[count] = row;
    annotator[count] = at;
    code[count] = value;
    position[count++] = index;
  }
  const coo = {
    item: item.subarray(0, count),
    annotator: annotator.subarray(0, count),
    code: code.subarray(0, count),
  };
  const order = panelOrder(coo, rows.size, annotators.length);
  const built = compress(coo, order, rows.size, annotators.length, labelSet.categories.length);
  for (const [later, earlier] of built.conflicts) {
    issues.push(
      conflict(source, labels[position[later]!]!, position[later]!, labelSet.categoryOf(coo.code[earlier]!)),
    );
  }
  if (issues.length > 0) throw labelProblems(issues, source);
  const roleOf = new Int8Array(annotators.length).fill(-1);
  for (let j = count - 1; j >= 0; j--) roleOf[coo.annotator[j]!] = ROLES.indexOf(labels[position[j]!]!.role);
  return { panel: built.panel, labelsOf: built.labelsOf, roleOf, repeats: built.repeats };
}

/** Compressed rows from sorted label columns; repeats of (item, annotator) are counted or reported. */
function compress(
  coo: { item: Int32Array; annotator: Int32Array; code: Int32Array },
  order: Int32Array,
  items: number,
  annotators: number,
  categories: number,
) {
  const itemStart = new Int32Array(items + 1);
  const annotator = new Int32Array(order.length);
  const code = new Int32Array(order.length);
  const labelsOf = new Int32Array(annotators);
  const conflicts: [number, number][] = [];
  let repeats = 0;
  let kept = 0;
  let previous = -1;
  for (let at = 0; at < order.length; at++) {
    const j = order[at]!;
    if (previous >= 0 && coo.item[previous] === coo.item[j] && coo.annotator[previous] === coo.annotator[j]) {
      if (coo.code[previous] === coo.code[j]) repeats++;
      else conflicts.push([j, previous]);
      continue;
    }
    previous = j;
    annotator[kept] = coo.annotator[j]!;
    code[kept++] = coo.code[j]!;
    itemStart[coo.item[j]! + 1]!++;
    labelsOf[coo.annotator[j]!]!++;
  }
  for (let row = 0; row < items; row++) itemStart[row + 1]! += itemStart[row]!;
  const panel: SparsePanel = {
    items,
    annotators,
    categories,
    itemStart,
    annotator: annotator.subarray(0, kept),
    code: code.subarray(0, kept),
  };
  return { panel, labelsOf, conflicts, repeats };
}

/** Most listed problems: a wrong --labels would otherwise list every label of the file. */
const LISTED_ISSUES = 20;

function labelProblems(issues: readonly DataIssue[], source: string | undefined) {
  const sorted = [...issues].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const found = [...new Set(sorted.map((issue) => issue.found))].slice(0, 10).join(', ');
  const shown = sorted.length > LISTED_ISSUES ? `; the first ${LISTED_ISSUES}:` : ':';
  const summary = `${sorted.length} label problem(s) in ${source ?? 'the labels'} (values: ${found})${shown}`;
  return dataError(sorted.slice(0, LISTED_ISSUES), summary);
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

function conflict(source: string | undefined, label: Label, index: number, previous: string): DataIssue {
  return {
    ...(source === undefined ? {} : { file: source }),
    row: index + 1,
    field: 'label',
    message: `${label.annotator} labelled ${label.item} twice with different labels`,
    expected: JSON.stringify(previous),
    found: JSON.stringify(label.label),
  };
}
