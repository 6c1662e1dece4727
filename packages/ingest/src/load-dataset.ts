import { statSync } from 'node:fs';
import { join } from 'node:path';
import { BorderlineError, createLabelSet, dataError } from '@borderline/core';
import type { ColumnarLabels, LoadedDataset } from './columnar';
import type { ConflictPolicy } from './conflict-policy';
import { findDataFile, readManifest } from './dataset-files';
import { createIssueSink, DEFAULT_MAX_ERRORS } from './issue-sink';
import { type ResolveOptions, resolveDatasetPath } from './resolve-dataset-path';
import { scanItems } from './scan-dataset';
import { scanLabels } from './scan-labels';

/** Options of `loadDataset`. */
export interface LoadDatasetOptions extends ResolveOptions {
  /** Stop after this many problems (default 20; no limit with `skipInvalid`). */
  readonly maxErrors?: number;
  /**
   * One annotator giving one item two different labels: `error` (default, a problem), `latest` (the later line
   * wins), `first` (the earlier stays) or `drop` (both left out). Resolutions come back in `conflicts`.
   */
  readonly onConflict?: ConflictPolicy;
  /**
   * Leave out bad records instead of failing: broken lines, empty text, wrong types, duplicate item ids (the
   * first is kept), labels outside the label set or for items that are not (or no longer) in the items file,
   * unresolved conflicts. Each is listed in `dropped` with its file, line (or row), field and reason. Problems
   * of the whole dataset (no items file, a bad `dataset.json`, an unreadable file) still throw. Default false.
   */
  readonly skipInvalid?: boolean;
}

/** Labels of a dataset that has no labels file. */
export function emptyLabels(): ColumnarLabels {
  return {
    count: 0,
    item: new Int32Array(0),
    annotator: new Int32Array(0),
    annotators: [],
    role: new Uint8Array(0),
    label: new Int32Array(0),
    iteration: new Int32Array(0),
  };
}

/** Resolves a dataset name or folder to a folder holding `dataset.json` (`not-found` otherwise). */
export function resolveDatasetDir(nameOrDir: string, options: ResolveOptions = {}): string {
  const dir = resolveDatasetPath(nameOrDir, options);
  if (!statSync(dir).isDirectory() || findDataFile(dir, 'items') === undefined) {
    throw new BorderlineError({
      code: 'not-found',
      message: `${dir} is not a dataset folder (expected dataset.json and items.jsonl, .csv or .parquet)`,
    });
  }
  return dir;
}

/**
 * Loads a dataset folder (by path, or by name through `BORDERLINE_DATA_PATH`) into a columnar form: item ids and
 * texts in arrays, labels in typed arrays coded against the manifest's label set. Every check of
 * `validateDataset` runs; any problem throws one `invalid-data` error listing them (up to `maxErrors`), unless
 * `skipInvalid` leaves the bad records out (listed in `dropped`). `onConflict` settles changed minds.
 */
export async function loadDataset(
  nameOrDir: string,
  options: LoadDatasetOptions = {},
): Promise<LoadedDataset> {
  const dir = resolveDatasetDir(nameOrDir, options);
  const manifest = await readManifest(join(dir, 'dataset.json'));
  const skip = options.skipInvalid === true;
  const sink = createIssueSink(skip ? Number.POSITIVE_INFINITY : (options.maxErrors ?? DEFAULT_MAX_ERRORS));
  const items = await scanItems(findDataFile(dir, 'items')!, sink);
  const labelsPath = findDataFile(dir, 'labels');
  const scan =
    labelsPath === undefined || sink.full
      ? undefined
      : await scanLabels(labelsPath, sink, {
          items,
          categories: manifest.labels,
          ...(options.onConflict === undefined ? {} : { onConflict: options.onConflict }),
        });
  if (sink.issues.length > 0 && !skip) {
    const count = sink.issues.length;
    throw dataError(
      sink.issues,
      `${count}${sink.full ? ' or more' : ''} problem${count === 1 ? '' : 's'} in dataset ${dir}`,
    );
  }
  return {
    dir,
    manifest,
    labelSet: createLabelSet(manifest.labels),
    items,
    labels: scan?.labels ?? emptyLabels(),
    dropped: skip ? sink.issues : [],
    conflicts: scan?.conflicts ?? [],
  };
}
