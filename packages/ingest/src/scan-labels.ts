import type { DataIssue, Label } from '@borderline/core';
import type { ColumnarItems, ColumnarLabels } from './columnar';
import type { ConflictPolicy } from './conflict-policy';
import { describeFound, type IssueSink } from './issue-sink';
import { type LabelColumns, labelColumns } from './label-columns';
import { conflictIssue, LABEL_KIND, readRecordBatches } from './read-records';

/** What a labels scan checks against. */
export interface LabelScanContext {
  /** The dataset's items; when given, a label for an item not among them is a problem. */
  readonly items?: ColumnarItems;
  /** The label set; when given, a label outside it is a problem. Otherwise categories are collected as seen. */
  readonly categories?: readonly string[];
  /** One annotator, one item, two different labels: default `error`. */
  readonly onConflict?: ConflictPolicy;
}

/** Labels in columns, the categories their codes refer to, and what was dropped or resolved on the way. */
export interface LabelScan {
  readonly labels: ColumnarLabels;
  readonly categories: readonly string[];
  /** Exact repeats of a label (same annotator, item and label), counted once. */
  readonly repeats: number;
  /** Conflicts resolved by the policy (none under `error`, where each is a problem in the sink). */
  readonly conflicts: readonly DataIssue[];
}

interface Table {
  readonly names: string[];
  readonly index: Map<string, number>;
}

function table(seed?: readonly string[]): Table {
  const names = seed ? [...seed] : [];
  return { names, index: new Map(names.map((name, code) => [name, code])) };
}

function intern(of: Table, name: string): number {
  let code = of.index.get(name);
  if (code === undefined) {
    code = of.names.length;
    of.index.set(name, code);
    of.names.push(name);
  }
  return code;
}

/** Position in the columns of each (annotator, item) seen; DROPPED once the `drop` policy removed it. */
const DROPPED = -1;

interface ScanState {
  readonly path: string;
  readonly context: LabelScanContext;
  readonly annotators: Table;
  /** The items as seen, when no items file is given. */
  readonly ownItems: Table;
  readonly columns: LabelColumns;
  readonly categories: Table;
  readonly given: Map<number, number>[];
  readonly conflicts: DataIssue[];
  readonly policy: ConflictPolicy;
  repeats: number;
}

/**
 * Reads a labels file into typed-array columns, checking the label set, that every item is known, and that no
 * annotator gives one item two different labels (or resolving that by `onConflict`). Exact repeats are dropped
 * (and counted). Problems go to `sink`; the records they name are left out.
 */
export async function scanLabels(
  path: string,
  sink: IssueSink,
  context: LabelScanContext,
): Promise<LabelScan> {
  const state: ScanState = {
    path,
    context,
    annotators: table(),
    ownItems: table(),
    columns: labelColumns(),
    categories: table(context.categories),
    given: [],
    conflicts: [],
    policy: context.onConflict ?? 'error',
    repeats: 0,
  };
  for await (const batch of readRecordBatches(path, LABEL_KIND, sink)) {
    for (let at = 0; at < batch.records.length; at++) {
      const label = batch.records[at]!;
      const codes = checkedCodes(state, sink, label, batch.places[at]!, batch.unit);
      if (codes !== undefined) add(state, sink, codes, label, batch.unit);
    }
  }
  return {
    labels: state.columns.finish(state.annotators.names),
    categories: state.categories.names,
    repeats: state.repeats,
    conflicts: state.conflicts,
  };
}

type LabelCodes = Parameters<LabelColumns['push']>[0];

/** One label's codes, or undefined when its item is unknown or its label outside the set (told to `sink`). */
function checkedCodes(
  state: ScanState,
  sink: IssueSink,
  label: Label,
  place: number,
  unit: 'line' | 'row',
): LabelCodes | undefined {
  const { path, context } = state;
  const where = unit === 'line' ? { file: path, line: place } : { file: path, row: place };
  const item = context.items ? context.items.indexOf(label.item) : intern(state.ownItems, label.item);
  if (item < 0) {
    const found = describeFound(label.item);
    sink.add({
      ...where,
      field: 'item',
      message: 'label for an unknown item',
      expected: 'an id of the items file',
      found,
    });
    return undefined;
  }
  const code = context.categories
    ? (state.categories.index.get(label.label) ?? -1)
    : intern(state.categories, label.label);
  if (code < 0) {
    const expected = `one of ${state.categories.names.map((name) => JSON.stringify(name)).join(', ')}`;
    sink.add({
      ...where,
      field: 'label',
      message: 'label outside the label set',
      expected,
      found: describeFound(label.label),
    });
    return undefined;
  }
  return {
    item,
    annotator: intern(state.annotators, label.annotator),
    role: label.role,
    label: code,
    iteration: label.iteration ?? -1,
    place,
  };
}

/** Adds one checked label, or settles it against the annotator's earlier label of the same item. */
function add(state: ScanState, sink: IssueSink, codes: LabelCodes, label: Label, unit: 'line' | 'row'): void {
  let byItem = state.given[codes.annotator];
  if (byItem === undefined) {
    byItem = new Map();
    state.given[codes.annotator] = byItem;
  }
  const earlier = byItem.get(codes.item);
  if (earlier === undefined) {
    byItem.set(codes.item, state.columns.push(codes));
    return;
  }
  if (earlier === DROPPED) {
    state.conflicts.push(
      resolved(state.path, unit, codes.place, label, 'left out with the earlier ones (drop)'),
    );
    return;
  }
  const earlierCode = state.columns.codeAt(earlier);
  if (earlierCode === codes.label) {
    state.repeats++;
    return;
  }
  const before = state.categories.names[earlierCode]!;
  const beforePlace = state.columns.placeAt(earlier);
  const conflict = conflictIssue(state.path, unit, codes.place, label, before, beforePlace);
  settle(state, sink, conflict, { byItem, earlier, codes });
}

/** Settles a conflict by the scan's policy: a problem (`error`), or kept first, latest, or neither. */
function settle(
  state: ScanState,
  sink: IssueSink,
  conflict: DataIssue,
  at: { byItem: Map<number, number>; earlier: number; codes: LabelCodes },
): void {
  const { byItem, earlier, codes } = at;
  switch (state.policy) {
    case 'error':
      sink.add(conflict);
      return;
    case 'first':
      state.conflicts.push({ ...conflict, message: `${conflict.message}; kept the first (first)` });
      return;
    case 'latest':
      state.columns.replace(earlier, codes);
      state.conflicts.push({ ...conflict, message: `${conflict.message}; kept this later one (latest)` });
      return;
    case 'drop':
      state.columns.remove(earlier);
      byItem.set(codes.item, DROPPED);
      state.conflicts.push({ ...conflict, message: `${conflict.message}; left both out (drop)` });
      return;
    default: {
      const unknown: never = state.policy;
      throw new Error(`unknown conflict policy ${String(unknown)}`);
    }
  }
}

function resolved(file: string, unit: 'line' | 'row', place: number, label: Label, what: string): DataIssue {
  return {
    file,
    ...(unit === 'line' ? { line: place } : { row: place }),
    field: 'label',
    message: `annotator ${JSON.stringify(label.annotator)} labels item ${JSON.stringify(label.item)} again: ${what}`,
    found: JSON.stringify(label.label),
  };
}
