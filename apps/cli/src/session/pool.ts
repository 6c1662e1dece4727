import type { DataIssue, Item, Label } from '@borderline/core';
import {
  type ConflictPolicy,
  findDataFile,
  type LoadedDataset,
  labelsOfRole,
  loadDataset,
  readItems,
} from '@borderline/ingest';
import type { CliIo } from '../io';
import { loadSimulatedPool, parseSimulatedName } from './simulated';

/** A run's pool as `init` reads it. */
export interface Pool {
  readonly name: string;
  readonly dir: string;
  readonly task: string;
  readonly labels: readonly [string, string];
  readonly positive: string;
  /** The items, each with its `meta` from the items file (context fields for the reviewers). */
  readonly items: Item[];
  /** Labels that come with the pool and belong in the ledger from the start (crowd labels). */
  readonly crowd: Label[];
  /** The `meta` fields a reviewer needs beside the text: `dataset.json`'s `context`, else every field present. */
  readonly context: readonly string[];
  /** Records left out under `--skip-invalid`, each with file, line and reason. */
  readonly dropped: readonly DataIssue[];
  /** Changed minds settled by `--on-conflict`. */
  readonly conflicts: readonly DataIssue[];
}

/** How `init` reads messy data (both recorded in the run's configuration). */
export interface PoolOptions {
  readonly limit?: number;
  readonly seed: number;
  readonly onConflict?: ConflictPolicy;
  readonly skipInvalid?: boolean;
}

/** `dataset.json`'s `context`: the names of the `meta` fields reviewers see beside the text, when it gives them. */
function declaredContext(manifest: LoadedDataset['manifest']): string[] | undefined {
  const value = (manifest as { context?: unknown }).context;
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? value : undefined;
}

/** The `meta` of the kept items, read from the items file (bad lines were reported by `loadDataset`). */
async function metaOf(
  dataset: LoadedDataset,
  ids: ReadonlySet<string>,
): Promise<Map<string, Record<string, unknown>>> {
  const meta = new Map<string, Record<string, unknown>>();
  const file = findDataFile(dataset.dir, 'items');
  if (file === undefined) return meta;
  for await (const item of readItems(file, { onIssue: () => undefined })) {
    if (item.meta !== undefined && ids.has(item.id) && !meta.has(item.id))
      meta.set(item.id, { ...item.meta });
  }
  return meta;
}

/** Reads the pool of a dataset (by name or folder) or of a simulated world (`sim:lower` / `sim:higher`). */
export async function loadPool(io: CliIo, nameOrDir: string, options: PoolOptions): Promise<Pool> {
  const simulated = parseSimulatedName(nameOrDir);
  if (simulated !== undefined) {
    const pool = await loadSimulatedPool(simulated, { seed: options.seed, size: options.limit });
    return { ...pool, context: [], dropped: [], conflicts: [] };
  }
  const dataset = await loadDataset(nameOrDir, {
    env: io.env,
    cwd: io.cwd,
    ...(options.onConflict === undefined ? {} : { onConflict: options.onConflict }),
    ...(options.skipInvalid === true ? { skipInvalid: true } : {}),
  });
  const count = Math.min(dataset.items.ids.length, options.limit ?? Number.POSITIVE_INFINITY);
  const ids = dataset.items.ids.slice(0, count);
  const meta = await metaOf(dataset, new Set(ids));
  const items: Item[] = ids.map((id, index) => {
    const fields = meta.get(id);
    const item = { id, text: dataset.items.texts[index] ?? '' };
    return fields === undefined ? item : { ...item, meta: fields };
  });
  const fieldsSeen = new Set<string>();
  for (const fields of meta.values()) for (const key of Object.keys(fields)) fieldsSeen.add(key);
  const { manifest } = dataset;
  return {
    name: nameOrDir,
    dir: dataset.dir,
    task: manifest.task,
    labels: [manifest.labels[0], manifest.labels[1]],
    positive: manifest.positive,
    items,
    crowd: labelsOfRole(dataset, 'crowd', { items: count }),
    context: declaredContext(manifest) ?? [...fieldsSeen],
    dropped: dataset.dropped,
    conflicts: dataset.conflicts,
  };
}
