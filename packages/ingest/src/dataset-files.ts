import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BorderlineError, dataError } from '@borderline/core';
import { describeFound, zodIssues } from './issue-sink';
import { datasetManifestSchema, type ParsedManifest } from './schemas';

const EXTENSIONS = ['.jsonl', '.jsonl.gz', '.csv', '.csv.gz', '.parquet'];

/** The first of `items.jsonl`, `items.jsonl.gz`, `items.csv`, `items.csv.gz`, `items.parquet` in `dir`. */
export function findDataFile(dir: string, stem: 'items' | 'labels'): string | undefined {
  for (const extension of EXTENSIONS) {
    const path = join(dir, `${stem}${extension}`);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** The issue for a `dataset.json` that cannot be a manifest at all (a folder, empty, not JSON). */
function manifestProblem(path: string, message: string, found?: string) {
  return dataError(
    [{ file: path, field: '(record)', message, expected: 'a JSON object', ...(found ? { found } : {}) }],
    `bad ${path}`,
  );
}

async function manifestText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EISDIR') throw manifestProblem(path, 'is a folder, not a file', 'a folder');
    throw new BorderlineError({
      code: code === 'ENOENT' ? 'not-found' : 'io',
      message: `cannot read ${path}${code ? ` (${code})` : ''}`,
      cause: error,
    });
  }
}

/**
 * Reads and validates `dataset.json`: the one reader of it (loading, validation and the CLI all call it).
 * A leading byte-order mark is dropped, as in every other file ingest reads. `not-found` when absent,
 * `invalid-data` naming the field when wrong (a folder, an empty file or broken JSON are `invalid-data` too).
 */
export async function readManifest(path: string): Promise<ParsedManifest> {
  const text = await manifestText(path);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw manifestProblem(path, 'empty file', 'nothing');
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw manifestProblem(path, `broken JSON: ${reason}`, describeFound(body.trim()));
  }
  const parsed = datasetManifestSchema.safeParse(raw);
  if (!parsed.success) throw dataError(zodIssues(parsed.error, raw, { file: path }), `bad ${path}`);
  return parsed.data;
}

/** The `dataset.json` beside a data file, read by `readManifest`; undefined when there is none. */
export async function readSiblingManifest(file: string): Promise<ParsedManifest | undefined> {
  const path = join(dirname(file), 'dataset.json');
  return existsSync(path) ? readManifest(path) : undefined;
}
