import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BorderlineError } from '@borderline/core';
import { findDataFile, readItems, readManifest } from '@borderline/ingest';
import type { ContextField } from './review-backend';

/** What the dataset folder adds to the page: its guidelines and the batch items' context fields. */
export interface DatasetContext {
  readonly guidelines: readonly string[];
  /** Item id -> its `meta`, for the batch items that have one. */
  readonly meta: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** Why the folder could not be read (the page still works without it). */
  readonly warning?: string;
}

/** Paragraphs of a guidelines value: a string (split on blank lines) or a list of strings. */
function paragraphs(value: unknown): string[] {
  if (typeof value === 'string')
    return value
      .split(/\n\s*\n/)
      .map((part) => part.trim())
      .filter(Boolean);
  if (Array.isArray(value)) return value.filter((part): part is string => typeof part === 'string');
  return [];
}

/** The dataset's guidelines: `guidelines` in dataset.json, else its `notes`. */
export function guidelinesOf(manifest: Readonly<Record<string, unknown>>): string[] {
  const guidelines = paragraphs(manifest.guidelines);
  return guidelines.length > 0 ? guidelines : paragraphs(manifest.notes);
}

/** An item's context fields: every `meta` entry, scalars as text and anything else as JSON. */
export function contextFields(meta: Readonly<Record<string, unknown>> | undefined): ContextField[] {
  if (meta === undefined) return [];
  const fields: ContextField[] = [];
  for (const [name, value] of Object.entries(meta)) {
    if (value === null || value === undefined) continue;
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    fields.push({ name, value: text });
  }
  return fields;
}

/**
 * Reads the guidelines and the context of the batch items from the run's dataset folder (the run keeps the
 * pool's ids and texts; the folder keeps their `meta`). A simulated pool has no folder; a folder that is gone
 * yields a warning, not a failure.
 */
export async function readDatasetContext(dir: string, ids: ReadonlySet<string>): Promise<DatasetContext> {
  const manifestPath = join(dir, 'dataset.json');
  if (dir.startsWith('sim:') || !existsSync(manifestPath)) {
    return {
      guidelines: [],
      meta: new Map(),
      ...(dir.startsWith('sim:') ? {} : { warning: `no dataset.json in ${dir}: no guidelines or context` }),
    };
  }
  try {
    const manifest = await readManifest(manifestPath);
    const meta = new Map<string, Readonly<Record<string, unknown>>>();
    const itemsFile = findDataFile(dir, 'items');
    if (itemsFile !== undefined) {
      for await (const item of readItems(itemsFile)) {
        if (item.meta !== undefined && ids.has(item.id)) meta.set(item.id, item.meta);
      }
    }
    return { guidelines: guidelinesOf(manifest), meta };
  } catch (error) {
    if (!BorderlineError.is(error)) throw error;
    return { guidelines: [], meta: new Map(), warning: `${error.message}: no guidelines or context` };
  }
}
