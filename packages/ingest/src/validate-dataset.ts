import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BorderlineError, type DataIssue, ROLES, type Role } from '@borderline/core';
import type { ColumnarLabels } from './columnar';
import { findDataFile, readManifest, readSiblingManifest } from './dataset-files';
import { createIssueSink, DEFAULT_MAX_ERRORS, type IssueSink } from './issue-sink';
import { emptyLabels } from './load-dataset';
import { type ResolveOptions, resolveDatasetPath } from './resolve-dataset-path';
import { scanItems } from './scan-dataset';
import { scanLabels } from './scan-labels';

/** Options of `validateDataset`. */
export interface ValidateOptions extends ResolveOptions {
  readonly maxErrors?: number;
  /** What a single file holds; by default `labels` when its name contains "label", else `items`. */
  readonly kind?: 'items' | 'labels';
}

/** One annotator: its role (of its first label) and how many items it labelled. */
export interface AnnotatorSummary {
  readonly annotator: string;
  readonly role: Role;
  readonly items: number;
}

/** What a valid (or partly read) input holds. */
export interface ValidationSummary {
  readonly kind: 'dataset' | 'items' | 'labels';
  readonly path: string;
  readonly name?: string;
  readonly items: number;
  readonly labels: number;
  /** The ordered label set: the manifest's, else the labels seen (as `agreement --json` names it too). */
  readonly categories: readonly string[];
  readonly labelsPerRole: Partial<Record<Role, number>>;
  readonly annotators: readonly AnnotatorSummary[];
  /** Per role, how many labels of each category. */
  readonly balance: Partial<Record<Role, Record<string, number>>>;
  /** Exact repeats of a label (same annotator, item and label), counted once. */
  readonly repeats: number;
}

/** The outcome of `validateDataset`: problems (up to `maxErrors`) and a summary of what was read. */
export interface ValidationResult {
  readonly ok: boolean;
  readonly issues: readonly DataIssue[];
  readonly summary: ValidationSummary;
}

function summarise(labels: ColumnarLabels, categories: readonly string[]) {
  const labelsPerRole: Partial<Record<Role, number>> = {};
  const balance: Partial<Record<Role, Record<string, number>>> = {};
  const perAnnotator = new Int32Array(labels.annotators.length);
  const annotatorRole = new Int32Array(labels.annotators.length).fill(-1);
  for (let j = 0; j < labels.count; j++) {
    const role = ROLES[labels.role[j]!]!;
    labelsPerRole[role] = (labelsPerRole[role] ?? 0) + 1;
    let counts = balance[role];
    if (counts === undefined) {
      counts = Object.fromEntries(categories.map((category) => [category, 0]));
      balance[role] = counts;
    }
    const category = categories[labels.label[j]!]!;
    counts[category] = (counts[category] ?? 0) + 1;
    const annotator = labels.annotator[j]!;
    perAnnotator[annotator]!++;
    if (annotatorRole[annotator] === -1) annotatorRole[annotator] = labels.role[j]!;
  }
  const annotators = labels.annotators.map((annotator, at) => ({
    annotator,
    role: ROLES[annotatorRole[at]!]!,
    items: perAnnotator[at]!,
  }));
  return { labelsPerRole, balance, annotators };
}

/** Turns `invalid-data` errors (a bad manifest, an unreadable Parquet file) into issues; rethrows the rest. */
async function collecting<T>(sink: IssueSink, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (!BorderlineError.is(error) || error.code !== 'invalid-data') throw error;
    if (error.issues.length === 0) sink.add({ message: error.message });
    for (const issue of error.issues) sink.add(issue);
    return undefined;
  }
}

/**
 * Checks a dataset folder, or a single items or labels file (by path, or a name through
 * `BORDERLINE_DATA_PATH`), and summarises it. Never throws for bad data: problems come back in `issues`, each
 * naming file, line (or Parquet row) and field. A lone labels file is checked against the `dataset.json`
 * beside it, when there is one; the unknown-item check needs the whole folder.
 */
export async function validateDataset(
  pathOrFile: string,
  options: ValidateOptions = {},
): Promise<ValidationResult> {
  const path = resolveDatasetPath(pathOrFile, options);
  const sink = createIssueSink(options.maxErrors ?? DEFAULT_MAX_ERRORS);
  const isDir = statSync(path).isDirectory();
  const kind = isDir ? 'dataset' : (options.kind ?? (/label/i.test(basename(path)) ? 'labels' : 'items'));
  const manifest = await collecting(sink, () =>
    isDir ? readManifest(join(path, 'dataset.json')) : readSiblingManifest(path),
  );
  const itemsPath = isDir ? findDataFile(path, 'items') : kind === 'items' ? path : undefined;
  if (isDir && itemsPath === undefined) {
    throw new BorderlineError({ code: 'not-found', message: `no items file in ${path}` });
  }
  const items =
    itemsPath === undefined ? undefined : await collecting(sink, () => scanItems(itemsPath, sink));
  const labelsPath = isDir ? findDataFile(path, 'labels') : kind === 'labels' ? path : undefined;
  const scan =
    labelsPath === undefined || sink.full
      ? undefined
      : await collecting(sink, () =>
          scanLabels(labelsPath, sink, {
            ...(isDir && items ? { items } : {}),
            ...(manifest ? { categories: manifest.labels } : {}),
          }),
        );
  const categories = scan?.categories ?? manifest?.labels ?? [];
  const summary: ValidationSummary = {
    kind,
    path,
    ...(manifest ? { name: manifest.name } : {}),
    items: items?.ids.length ?? 0,
    labels: scan?.labels.count ?? 0,
    categories,
    ...summarise(scan?.labels ?? emptyLabels(), categories),
    repeats: scan?.repeats ?? 0,
  };
  return { ok: sink.issues.length === 0, issues: sink.issues, summary };
}
