import { type DataIssue, dataError, type Item, type Label } from '@borderline/core';
import type { z } from 'zod';
import { quickItem, quickLabel } from './fast-check-records';
import { type Format, fileTypeOf } from './formats';
import { createIdIndex } from './id-index';
import { createIssueSink, DEFAULT_MAX_ERRORS, type IssueSink, zodIssues } from './issue-sink';
import { rawBatches } from './raw-records';
import { itemSchema, labelSchema } from './schemas';

/** Options of every reader. */
export interface ReadOptions {
  /** Force a format instead of detecting it from the extension. */
  readonly format?: Format;
  /** Stop after this many problems (default 20). */
  readonly maxErrors?: number;
  /**
   * Called for each problem; the bad record is skipped and reading goes on. Without it, a streaming reader
   * throws one `invalid-data` error with every problem once the file ends (or the limit is reached).
   */
  readonly onIssue?: (issue: DataIssue) => void;
}

/** A kind of record: its schema (the truth, and the error messages) and its quick twin for the hot path. */
export interface RecordKind<T> {
  readonly schema: z.ZodType<T>;
  readonly quick: (raw: unknown) => T | undefined;
}

/** Items: `itemSchema` and its quick twin. */
export const ITEM_KIND: RecordKind<Item> = { schema: itemSchema, quick: quickItem };
/** Labels: `labelSchema` and its quick twin. */
export const LABEL_KIND: RecordKind<Label> = { schema: labelSchema, quick: quickLabel };

/** Validated records of one kind with their 1-based lines (or Parquet rows). */
export interface RecordBatch<T> {
  readonly records: T[];
  readonly places: number[];
  readonly unit: 'line' | 'row';
}

/**
 * Streams validated records in batches; invalid ones go to `sink` and are left out. The building block of the
 * readers and of dataset loading (batches keep the per-record cost of async iteration away).
 */
export async function* readRecordBatches<T>(
  path: string,
  kind: RecordKind<T>,
  sink: IssueSink,
  format?: Format,
): AsyncGenerator<RecordBatch<T>> {
  const type = fileTypeOf(path, format);
  for await (const batch of rawBatches(path, type, sink)) {
    const records: T[] = [];
    const places: number[] = [];
    for (let index = 0; index < batch.records.length; index++) {
      const raw = batch.records[index];
      const place = batch.places[index]!;
      const record = kind.quick(raw);
      if (record !== undefined) {
        records.push(record);
        places.push(place);
        continue;
      }
      const parsed = kind.schema.safeParse(raw);
      const where = batch.unit === 'line' ? { file: path, line: place } : { file: path, row: place };
      if (parsed.success) {
        // The quick check and the schema disagree: a bug; trust the schema rather than drop the record.
        records.push(parsed.data);
        places.push(place);
      } else {
        for (const issue of zodIssues(parsed.error, raw, where)) sink.add(issue);
      }
    }
    yield { records, places, unit: batch.unit };
    if (sink.full) return;
  }
}

async function* readValidated<T>(path: string, kind: RecordKind<T>, options: ReadOptions): AsyncGenerator<T> {
  const sink = createIssueSink(options.maxErrors ?? DEFAULT_MAX_ERRORS, options.onIssue);
  for await (const batch of readRecordBatches(path, kind, sink, options.format)) {
    yield* batch.records;
  }
  if (options.onIssue === undefined && sink.issues.length > 0)
    throw dataError(sink.issues, problemsIn(path, sink));
}

/** The summary line of an `invalid-data` error about one file. */
export function problemsIn(path: string, sink: IssueSink): string {
  const count = sink.issues.length;
  return `${count}${sink.full ? ' or more' : ''} problem${count === 1 ? '' : 's'} in ${path}`;
}

/** Streams the items of a `.jsonl`, `.csv` or `.parquet` file (`.gz` read transparently), validated one by one. */
export function readItems(path: string, options: ReadOptions = {}): AsyncIterable<Item> {
  return readValidated(path, ITEM_KIND, options);
}

/** Streams the labels of a `.jsonl`, `.csv` or `.parquet` file (`.gz` read transparently), validated one by one. */
export function readLabels(path: string, options: ReadOptions = {}): AsyncIterable<Label> {
  return readValidated(path, LABEL_KIND, options);
}

/**
 * Reads a whole items file and checks it, including duplicate ids. Throws `dataError` (code `invalid-data`)
 * listing every problem (up to `maxErrors`) with file, line or row, field, expected and found.
 */
export async function loadItemsFile(
  path: string,
  options: Omit<ReadOptions, 'onIssue'> = {},
): Promise<Item[]> {
  const sink = createIssueSink(options.maxErrors ?? DEFAULT_MAX_ERRORS);
  const items: Item[] = [];
  const seen = createIdIndex();
  const places: number[] = [];
  for await (const batch of readRecordBatches(path, ITEM_KIND, sink, options.format)) {
    for (let index = 0; index < batch.records.length; index++) {
      const item = batch.records[index]!;
      const place = batch.places[index]!;
      const first = seen.add(item.id);
      if (first === -1) {
        items.push(item);
        places.push(place);
      } else {
        sink.add(duplicateIdIssue(path, batch.unit, place, item.id, places[first]!));
      }
    }
  }
  if (sink.issues.length > 0) throw dataError(sink.issues, problemsIn(path, sink));
  return items;
}

/** The issue for an item id seen before. */
export function duplicateIdIssue(
  file: string,
  unit: 'line' | 'row',
  place: number,
  id: string,
  first: number,
) {
  return {
    file,
    ...(unit === 'line' ? { line: place } : { row: place }),
    field: 'id',
    message: `duplicate item id (first at ${unit} ${first})`,
    expected: 'a unique id',
    found: JSON.stringify(id),
  } satisfies DataIssue;
}

/** The issue for an annotator who gave an item two different labels. */
export function conflictIssue(
  file: string,
  unit: 'line' | 'row',
  place: number,
  label: Pick<Label, 'annotator' | 'item' | 'label'>,
  earlier: string,
  earlierPlace: number,
) {
  return {
    file,
    ...(unit === 'line' ? { line: place } : { row: place }),
    field: 'label',
    message: `annotator ${JSON.stringify(label.annotator)} labels item ${JSON.stringify(label.item)} twice, differently (${unit} ${earlierPlace} says ${JSON.stringify(earlier)})`,
    expected: JSON.stringify(earlier),
    found: JSON.stringify(label.label),
  } satisfies DataIssue;
}

/**
 * Reads a whole labels file and checks each record and that no annotator gives one item two different labels.
 * Throws `dataError` listing every problem (up to
 * `maxErrors`). Checks that need the dataset (label set, known items) are `loadDataset`'s and `validateDataset`'s.
 */
export async function loadLabelsFile(
  path: string,
  options: Omit<ReadOptions, 'onIssue'> = {},
): Promise<Label[]> {
  const sink = createIssueSink(options.maxErrors ?? DEFAULT_MAX_ERRORS);
  const labels: Label[] = [];
  const given = new Map<string, { label: string; place: number }>();
  for await (const batch of readRecordBatches(path, LABEL_KIND, sink, options.format)) {
    for (let index = 0; index < batch.records.length; index++) {
      const label = batch.records[index]!;
      const place = batch.places[index]!;
      const key = `${label.annotator}\u0000${label.item}`;
      const before = given.get(key);
      if (before === undefined) given.set(key, { label: label.label, place });
      else if (before.label !== label.label) {
        sink.add(conflictIssue(path, batch.unit, place, label, before.label, before.place));
      }
      labels.push(label);
    }
  }
  if (sink.issues.length > 0) throw dataError(sink.issues, problemsIn(path, sink));
  return labels;
}
