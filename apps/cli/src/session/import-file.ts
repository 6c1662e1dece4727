import { basename } from 'node:path';
import { BorderlineError, type DataIssue, dataError, type Label } from '@borderline/core';
import { loadLabelsFile, readLabels } from '@borderline/ingest';
import { sha256Hex } from '@borderline/run-store';
import { readNamedFile } from '../named-file';
import { type AnnotatorIdentities, NO_IDENTITIES } from './annotator-identity';
import { readLabelStudioExport } from './label-studio';

/** A labels file read for import: its labels, the line of each, and the hash of its content. */
export interface ImportFile {
  readonly file: string;
  readonly format: 'jsonl' | 'csv' | 'label-studio';
  readonly labels: readonly Label[];
  /** 1-based line of each label (for Label Studio, the line its task starts on). */
  readonly lines: readonly number[];
  readonly sha256: string;
  /** Label Studio users the run did not know (recorded under the names shown). */
  readonly unmatched: readonly string[];
  /** Rows of a review CSV whose `label` and `annotator` are both still empty: not labelled yet, not labels. */
  readonly unlabelled: number;
}

function formatOf(file: string): ImportFile['format'] {
  const name = basename(file).toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.json')) return 'label-studio';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  throw new BorderlineError({
    code: 'invalid-argument',
    message: `import: ${file}: unknown file type (expected .jsonl, .csv, or a Label Studio .json export)`,
  });
}

/** Lines holding records: every non-blank line (after the header for CSV). */
function recordLines(text: string, header: boolean): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() !== '') lines.push(index + 1);
  });
  return header ? lines.slice(1) : lines;
}

/** Reads and validates a labels file (our JSONL/CSV, or Label Studio's JSON export). */
export async function readImportFile(
  file: string,
  identities: AnnotatorIdentities = NO_IDENTITIES,
): Promise<ImportFile> {
  // Read first: a folder or a missing file is the problem to report, whatever its name ends with.
  const bytes = readNamedFile(file, 'import');
  const format = formatOf(file);
  const sha256 = sha256Hex(bytes);
  if (format === 'label-studio') {
    const text = bytes.toString('utf8');
    const read = readLabelStudioExport(file, text, identities);
    return {
      file,
      format,
      labels: read.labels,
      lines: read.lines,
      sha256,
      unlabelled: 0,
      unmatched: read.unmatched,
    };
  }
  if (format === 'csv') {
    const sheet = await readReviewSheet(file);
    if (sheet !== undefined) return { file, format, ...sheet, sha256, unmatched: [] };
  }
  const labels = await loadLabelsFile(file);
  const gz = file.toLowerCase().endsWith('.gz');
  const lines = gz
    ? labels.map((_, index) => index + 1)
    : recordLines(bytes.toString('utf8'), format === 'csv');
  return {
    file,
    format,
    labels,
    lines: labels.length === lines.length ? lines : labels.map(() => 0),
    sha256,
    unlabelled: 0,
    unmatched: [],
  };
}

/**
 * A review CSV as a spreadsheet user returns it: some rows filled in (`label`, `annotator`), others still empty.
 * Rows with both empty are not labels and are counted; every other problem is reported as usual. Undefined when
 * the file has no such rows (it is then read as any labels file).
 */
async function readReviewSheet(
  file: string,
): Promise<Pick<ImportFile, 'labels' | 'lines' | 'unlabelled'> | undefined> {
  const issues: DataIssue[] = [];
  const labels: Label[] = [];
  // Every problem is needed to tell empty rows from bad ones: no limit.
  const options = { onIssue: (issue: DataIssue) => issues.push(issue), maxErrors: Number.MAX_SAFE_INTEGER };
  for await (const label of readLabels(file, options)) labels.push(label);
  const byLine = new Map<number, DataIssue[]>();
  for (const issue of issues) {
    const line = issue.line ?? 0;
    byLine.set(line, [...(byLine.get(line) ?? []), issue]);
  }
  let unlabelled = 0;
  const problems: DataIssue[] = [];
  for (const [line, found] of byLine) {
    const fields = new Set(found.map((issue) => issue.field));
    const empty = found.every((issue) => issue.found === '""' || issue.found === 'nothing');
    if (line > 0 && empty && fields.size === 2 && fields.has('label') && fields.has('annotator'))
      unlabelled++;
    else problems.push(...found);
  }
  if (unlabelled === 0) return undefined;
  if (problems.length > 0)
    throw dataError(problems.slice(0, 20), `import: ${problems.length} problem(s) in ${file}`);
  return { labels, lines: labels.map(() => 0), unlabelled };
}

/** What an import is checked against. */
export interface ImportContext {
  readonly categories: readonly string[];
  /** Item ids of the pending review batch: expert and gold labels must be for these. */
  readonly pending: ReadonlySet<string>;
  /** Every item id of the pool: crowd labels may be for any of these. */
  readonly pool: ReadonlySet<string>;
  readonly iteration: number;
  /** Why no batch is pending and what to run, said when expert labels arrive without one. */
  readonly noBatch: string;
}

/**
 * Checks the labels against the run: known categories, roles a run accepts, and expert labels only for the
 * pending batch (refused with the ids named). Throws one `invalid-data` error; nothing is written on failure.
 */
export function checkImport(input: ImportFile, context: ImportContext): void {
  const issues: DataIssue[] = [];
  const outside = new Set<string>();
  input.labels.forEach((label, index) => {
    const place = { file: input.file, ...(input.lines[index] ? { line: input.lines[index] } : {}) };
    if (!context.categories.includes(label.label)) {
      issues.push({
        ...place,
        field: 'label',
        message: 'not a category of this run',
        expected: context.categories.join('|'),
        found: JSON.stringify(label.label),
      });
    }
    if (label.role === 'model') {
      issues.push({ ...place, field: 'role', message: 'model labels are not imported', found: '"model"' });
    } else if (label.role === 'crowd') {
      if (!context.pool.has(label.item)) outside.add(label.item);
    } else if (!context.pending.has(label.item)) {
      outside.add(label.item);
    }
  });
  if (issues.length > 0)
    throw dataError(issues.slice(0, 20), `import: ${issues.length} problem(s) in ${input.file}`);
  if (outside.size > 0) {
    const ids = [...outside];
    const shown = ids.slice(0, 20).join(', ');
    if (context.pending.size === 0) {
      throw new BorderlineError({
        code: 'run-state',
        message: `import: ${input.file}: no batch is pending, so there is nothing to label yet (${context.noBatch}); ${ids.length} item(s) have expert labels: ${shown}${ids.length > 20 ? ', ...' : ''}`,
      });
    }
    throw new BorderlineError({
      code: 'invalid-data',
      message: `import: ${input.file}: ${ids.length} item(s) are not in the pending batch of iteration ${context.iteration}: ${shown}${ids.length > 20 ? ', ...' : ''}`,
    });
  }
}
