import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BorderlineError, dataError } from '@borderline/core';
import { zodIssues } from './issue-sink';
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

/** Reads and validates `dataset.json` (`not-found` when absent, `invalid-data` naming the field when wrong). */
export async function readManifest(path: string): Promise<ParsedManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new BorderlineError({
      code: code === 'ENOENT' ? 'not-found' : 'io',
      message: `ingest: cannot read ${path}${code ? ` (${code})` : ''}`,
      cause: error,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw dataError([
      { file: path, field: '(record)', message: `broken JSON: ${reason}`, expected: 'a JSON object' },
    ]);
  }
  const parsed = datasetManifestSchema.safeParse(raw);
  if (!parsed.success) throw dataError(zodIssues(parsed.error, raw, { file: path }), `ingest: bad ${path}`);
  return parsed.data;
}
