import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Item } from '@borderline/core';
import { writeCsv, writeJsonl } from '@borderline/ingest';
import type { SelectionEntry } from '@borderline/run-store';
import { labelStudioConfig, labelStudioTasks } from './label-studio';

/** Review file formats `select` writes. JSONL and CSV are always written; Label Studio on request. */
export type ReviewFormat = 'jsonl' | 'csv' | 'label-studio';

const REVIEW_COLUMNS = [
  { name: 'item', type: 'text' },
  { name: 'text', type: 'text' },
  { name: 'iteration', type: 'integer' },
  { name: 'rank', type: 'integer' },
  { name: 'reason', type: 'text' },
] as const;

/**
 * Writes `review/iteration-N.jsonl` and `.csv` (one row per item to label: item, text, iteration, rank, reason),
 * and with `label-studio` also `iteration-N.label-studio.json` (tasks) and `label-studio.xml` (the labelling
 * config). Files are written atomically. Returns the paths written.
 */
export async function writeReviewFiles(
  runDir: string,
  iteration: number,
  entries: readonly SelectionEntry[],
  pool: ReadonlyMap<string, Item>,
  options: { readonly labels: readonly [string, string]; readonly formats: readonly ReviewFormat[] },
): Promise<string[]> {
  const directory = join(runDir, 'review');
  mkdirSync(directory, { recursive: true });
  const rows = entries.map((entry) => ({
    item: entry.item,
    text: pool.get(entry.item)?.text ?? '',
    iteration,
    rank: entry.rank,
    ...(entry.reason === undefined ? {} : { reason: entry.reason }),
  }));
  const base = join(directory, `iteration-${iteration}`);
  const written = [`${base}.jsonl`, `${base}.csv`];
  await writeJsonl(`${base}.jsonl`, rows);
  await writeCsv(`${base}.csv`, rows, REVIEW_COLUMNS);
  if (options.formats.includes('label-studio')) {
    const tasks = `${base}.label-studio.json`;
    writeFileSync(tasks, `${JSON.stringify(labelStudioTasks(rows, iteration), null, 2)}\n`);
    const config = join(directory, 'label-studio.xml');
    writeFileSync(config, labelStudioConfig(options.labels));
    written.push(tasks, config);
  }
  return written;
}
