import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Item } from '@borderline/core';
import { writeCsv, writeJsonl } from '@borderline/ingest';
import type { SelectionEntry } from '@borderline/run-store';
import { labelStudioConfig, labelStudioTasks } from './label-studio';
import { reviewContextOf } from './run-config';
import type { RunSession } from './run-session';

/** Review file formats `select` writes. JSONL and CSV are always written; Label Studio on request. */
export type ReviewFormat = 'jsonl' | 'csv' | 'label-studio';

/** Columns every review CSV has; the item's context fields come after `text`. */
const RESERVED = new Set([
  'item',
  'text',
  'question',
  'iteration',
  'rank',
  'reason',
  'role',
  'label',
  'annotator',
]);

/** What the reviewers are asked, and which of an item's `meta` fields they see beside its text. */
export interface ReviewContext {
  readonly labels: readonly [string, string];
  /** The dataset's task question. */
  readonly question: string;
  /** The `meta` fields to show (the run's recorded context; absent: every field the batch's items have). */
  readonly fields?: readonly string[];
}

/** A context field's CSV column: its name, unless it collides with a review column (then `meta.<name>`). */
function columnOf(field: string): string {
  return RESERVED.has(field) ? `meta.${field}` : field;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function contextFields(entries: readonly SelectionEntry[], pool: ReadonlyMap<string, Item>): string[] {
  const fields = new Set<string>();
  for (const entry of entries)
    for (const key of Object.keys(pool.get(entry.item)?.meta ?? {})) fields.add(key);
  return [...fields];
}

/** One review row per selected item: its text, its context fields, the task question, iteration, rank, reason. */
function reviewRows(
  entries: readonly SelectionEntry[],
  pool: ReadonlyMap<string, Item>,
  fields: readonly string[],
  question: ReviewContext['question'],
  iteration: number,
) {
  return entries.map((entry) => {
    const meta = pool.get(entry.item)?.meta ?? {};
    const context = Object.fromEntries(
      fields.filter((field) => field in meta).map((field) => [field, meta[field]]),
    );
    return {
      item: entry.item,
      text: pool.get(entry.item)?.text ?? '',
      ...(fields.length === 0 ? {} : { context }),
      question,
      iteration,
      rank: entry.rank,
      ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    };
  });
}

type ReviewRow = ReturnType<typeof reviewRows>[number];

/** The CSV a reviewer fills in: the rows flat (a column per context field), then role, label and annotator. */
async function writeReviewSheet(
  file: string,
  rows: readonly ReviewRow[],
  fields: readonly string[],
): Promise<void> {
  const columns = [
    { name: 'item', type: 'text' as const },
    { name: 'text', type: 'text' as const },
    ...fields.map((field) => ({ name: columnOf(field), type: 'text' as const })),
    { name: 'question', type: 'text' as const },
    { name: 'iteration', type: 'integer' as const },
    { name: 'rank', type: 'integer' as const },
    { name: 'reason', type: 'text' as const },
    { name: 'role', type: 'text' as const },
    { name: 'label', type: 'text' as const },
    { name: 'annotator', type: 'text' as const },
  ];
  const sheet = rows.map(({ context, ...row }) => ({
    ...row,
    ...Object.fromEntries(fields.map((field) => [columnOf(field), cell(context?.[field])])),
    reason: row.reason ?? '',
    role: 'expert',
    label: '',
    annotator: '',
  }));
  await writeCsv(file, sheet, columns);
}

/**
 * Writes `review/iteration-N.jsonl` and `.csv` (one row per item to label: item, text, the item's context fields,
 * the task question, iteration, rank, reason), and with `label-studio` also `iteration-N.label-studio.json`
 * (tasks) and `label-studio.xml` (the labelling config). The CSV ends with `role` (`expert`) and empty `label`
 * and `annotator` columns: a reviewer fills them in a spreadsheet and the file is imported as it is (rows left
 * empty are not labels). Files are written atomically. Returns the paths written.
 */
export async function writeReviewFiles(
  runDir: string,
  iteration: number,
  entries: readonly SelectionEntry[],
  pool: ReadonlyMap<string, Item>,
  options: ReviewContext & { readonly formats: readonly ReviewFormat[] },
): Promise<string[]> {
  const directory = join(runDir, 'review');
  mkdirSync(directory, { recursive: true });
  const fields = options.fields ?? contextFields(entries, pool);
  const rows = reviewRows(entries, pool, fields, options.question, iteration);
  const base = join(directory, `iteration-${iteration}`);
  const written = [`${base}.jsonl`, `${base}.csv`];
  await writeJsonl(`${base}.jsonl`, rows);
  await writeReviewSheet(`${base}.csv`, rows, fields);
  if (options.formats.includes('label-studio')) {
    const tasks = `${base}.label-studio.json`;
    writeFileSync(tasks, `${JSON.stringify(labelStudioTasks(rows, iteration), null, 2)}\n`);
    const config = join(directory, 'label-studio.xml');
    writeFileSync(config, labelStudioConfig(options.labels, fields));
    written.push(tasks, config);
  }
  return written;
}

/** The items of an iteration's batch by id (for the review files): read by index, so a sharded pool stays put. */
async function batchItems(session: RunSession, iteration: number): Promise<Map<string, Item>> {
  const batch = session.state().batches.find((entry) => entry.iteration === iteration);
  const items = await session.itemsAt(batch?.items ?? []);
  return new Map(items.map((item) => [item.id, item]));
}

/**
 * Writes the review files of the run's batch of `iteration` ({@link writeReviewFiles} in the run's folder, with its
 * labels, question and context fields), its items read by index. What `select` and `run` write. Returns the paths.
 */
export async function writeBatchReview(
  session: RunSession,
  iteration: number,
  entries: readonly SelectionEntry[],
  formats: readonly ReviewFormat[],
): Promise<string[]> {
  const pool = await batchItems(session, iteration);
  return writeReviewFiles(session.store.dir, iteration, entries, pool, {
    ...reviewContextOf(session.config),
    formats,
  });
}
