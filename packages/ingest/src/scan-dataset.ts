import { ROLES, type Role } from '@borderline/core';
import { type ColumnarItems, type ColumnarLabels, int32Column } from './columnar';
import { createIdIndex } from './id-index';
import { describeFound, type IssueSink } from './issue-sink';
import {
  conflictIssue,
  duplicateIdIssue,
  ITEM_KIND,
  LABEL_KIND,
  type RecordBatch,
  readRecordBatches,
} from './read-records';

/** Reads an items file into columns, reporting duplicate ids (the first occurrence is kept). */
export async function scanItems(path: string, sink: IssueSink): Promise<ColumnarItems> {
  const ids: string[] = [];
  const texts: string[] = [];
  const places: number[] = [];
  const index = createIdIndex();
  for await (const batch of readRecordBatches(path, ITEM_KIND, sink)) {
    for (let at = 0; at < batch.records.length; at++) {
      const item = batch.records[at]!;
      const place = batch.places[at]!;
      const first = index.add(item.id);
      if (first !== -1) {
        sink.add(duplicateIdIssue(path, batch.unit, place, item.id, places[first]!));
        continue;
      }
      ids.push(item.id);
      texts.push(item.text);
      places.push(place);
    }
  }
  return { ids, texts, indexOf: (id) => index.indexOf(id) };
}

/** What a labels scan checks against. */
export interface LabelScanContext {
  /** The dataset's items; when given, a label for an item not among them is a problem. */
  readonly items?: ColumnarItems;
  /** The label set; when given, a label outside it is a problem. Otherwise categories are collected as seen. */
  readonly categories?: readonly string[];
}

/** Labels in columns, the categories their codes refer to, and how many exact repeats were dropped. */
export interface LabelScan {
  readonly labels: ColumnarLabels;
  readonly categories: readonly string[];
  readonly repeats: number;
}

function indexer(seed?: readonly string[]): { names: string[]; index: Map<string, number> } {
  const names = seed ? [...seed] : [];
  return { names, index: new Map(names.map((name, code) => [name, code])) };
}

function intern(table: { names: string[]; index: Map<string, number> }, name: string): number {
  let code = table.index.get(name);
  if (code === undefined) {
    code = table.names.length;
    table.index.set(name, code);
    table.names.push(name);
  }
  return code;
}

/**
 * Reads a labels file into typed-array columns, checking the label set, that every item is known, and that no
 * annotator gives one item two different labels. Exact repeats are dropped (and counted).
 */
export async function scanLabels(
  path: string,
  sink: IssueSink,
  context: LabelScanContext,
): Promise<LabelScan> {
  const cols = { item: int32Column(), annotator: int32Column(), role: int32Column(), label: int32Column() };
  const iteration = int32Column();
  const places = int32Column();
  const annotators = indexer();
  const categories = indexer(context.categories);
  const ownItems = indexer();
  const given: Map<number, number>[] = [];
  let repeats = 0;
  const place = (unit: RecordBatch<unknown>['unit'], at: number) =>
    unit === 'line' ? { file: path, line: at } : { file: path, row: at };
  for await (const batch of readRecordBatches(path, LABEL_KIND, sink)) {
    for (let at = 0; at < batch.records.length; at++) {
      const label = batch.records[at]!;
      const where = batch.places[at]!;
      const item = context.items ? context.items.indexOf(label.item) : intern(ownItems, label.item);
      if (item < 0) {
        const expected = 'an id of the items file';
        sink.add({
          ...place(batch.unit, where),
          field: 'item',
          message: 'label for an unknown item',
          expected,
          found: describeFound(label.item),
        });
        continue;
      }
      const code = context.categories
        ? (categories.index.get(label.label) ?? -1)
        : intern(categories, label.label);
      if (code < 0) {
        const expected = `one of ${categories.names.map((name) => JSON.stringify(name)).join(', ')}`;
        sink.add({
          ...place(batch.unit, where),
          field: 'label',
          message: 'label outside the label set',
          expected,
          found: describeFound(label.label),
        });
        continue;
      }
      const annotator = intern(annotators, label.annotator);
      let byItem = given[annotator];
      if (byItem === undefined) {
        byItem = new Map();
        given[annotator] = byItem;
      }
      const earlier = byItem.get(item);
      if (earlier !== undefined) {
        const earlierCode = cols.label.at(earlier);
        if (earlierCode === code) repeats++;
        else
          sink.add(
            conflictIssue(path, batch.unit, where, label, categories.names[earlierCode]!, places.at(earlier)),
          );
        continue;
      }
      byItem.set(item, cols.label.length);
      cols.item.push(item);
      cols.annotator.push(annotator);
      cols.role.push(ROLES.indexOf(label.role as Role));
      cols.label.push(code);
      iteration.push(label.iteration ?? -1);
      places.push(where);
    }
  }
  const labels: ColumnarLabels = {
    count: cols.label.length,
    item: cols.item.finish(),
    annotator: cols.annotator.finish(),
    annotators: annotators.names,
    role: Uint8Array.from(cols.role.finish()),
    label: cols.label.finish(),
    iteration: iteration.finish(),
  };
  return { labels, categories: categories.names, repeats };
}
