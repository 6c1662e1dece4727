import { type DataIssue, dataError, type Label } from '@borderline/core';
import { z } from 'zod';
import {
  type AnnotatorIdentities,
  type ExportUser,
  NO_IDENTITIES,
  resolveAnnotator,
} from './annotator-identity';

/**
 * Label Studio's JSON export: an array of tasks, each with the item in `data` and the annotators' answers in
 * `annotations[].result[]` (a `choices` control). Cancelled (skipped) annotations are not labels.
 */
const choiceSchema = z.object({
  type: z.string().optional(),
  value: z.object({ choices: z.array(z.string().min(1)).length(1, 'expected exactly one choice') }),
});

const userSchema = z
  .object({
    id: z.union([z.number(), z.string()]),
    email: z.string().optional(),
    username: z.string().optional(),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
  })
  .loose();

const annotationSchema = z.object({
  completed_by: z.union([z.number(), z.string(), userSchema]),
  was_cancelled: z.boolean().optional(),
  result: z.array(z.unknown()),
});

const taskSchema = z.object({
  id: z.union([z.number(), z.string()]).optional(),
  data: z.object({ item: z.string().min(1, 'data.item is empty') }).loose(),
  annotations: z.array(annotationSchema).optional(),
});

/** One row of Label Studio's JSON-MIN export: the task's data flattened, the choice under its control's name. */
const minRowSchema = z
  .object({
    id: z.union([z.number(), z.string()]).optional(),
    item: z.string().min(1, 'item is empty'),
    annotator: z.union([z.number(), z.string()]).optional(),
    label: z.union([
      z.string().min(1, 'label is empty'),
      z.object({ choices: z.array(z.string().min(1)).length(1, 'expected exactly one choice') }),
    ]),
  })
  .loose();

/** What a Label Studio export holds for the run: its labels, the line of each task, and who was not matched. */
export interface LabelStudioImport {
  readonly labels: Label[];
  /** 1-based line where each label's task starts. */
  readonly lines: number[];
  /** Export users the run does not know (recorded under the name shown); a map can say who they are. */
  readonly unmatched: string[];
}

/** Start offsets of the top-level array's elements (a small scanner that respects strings). */
function elementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? '';
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectValue && !/[\s,\]]/.test(char)) {
      offsets.push(index);
      expectValue = false;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (char === ']' || char === '}') depth--;
    else if (char === ',' && depth === 1) expectValue = true;
  }
  return offsets;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index++) if (text[index] === '\n') line++;
  return line;
}

/**
 * The line of a JSON syntax error: the position in the message when the engine gives one, else the start of
 * the first top-level element that does not parse on its own.
 */
function syntaxErrorLine(text: string, error: unknown): number {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  if (position !== undefined) return lineAt(text, Number(position));
  const offsets = elementOffsets(text);
  for (let index = 0; index < offsets.length; index++) {
    const element = text.slice(offsets[index], offsets[index + 1] ?? text.length).replace(/[\s,\]]*$/, '');
    try {
      JSON.parse(element);
    } catch {
      return lineAt(text, offsets[index] ?? 0);
    }
  }
  return 1;
}

function userOf(completedBy: z.infer<typeof annotationSchema>['completed_by']): ExportUser {
  if (typeof completedBy !== 'object') return { id: String(completedBy) };
  const name = [completedBy.first_name, completedBy.last_name].filter((part) => part).join(' ');
  return {
    id: String(completedBy.id),
    ...(completedBy.email ? { email: completedBy.email } : {}),
    ...(completedBy.username ? { username: completedBy.username } : {}),
    ...(name === '' ? {} : { name }),
  };
}

/** A JSON-MIN `annotator`: a user id, or an e-mail in newer versions. */
function minUserOf(annotator: string | number | undefined): ExportUser {
  const value = String(annotator ?? 'unknown');
  return value.includes('@') ? { id: value, email: value } : { id: value };
}

function taskName(task: unknown, index: number): string {
  const id = (task as { id?: unknown } | null)?.id;
  return typeof id === 'number' || typeof id === 'string' ? `task ${id}` : `task #${index + 1}`;
}

/**
 * Reads a Label Studio JSON export into expert labels. Every problem names the file, the line where its task
 * starts, and the field; any problem rejects the whole file.
 */
export function parseLabelStudioExport(file: string, text: string): Label[] {
  return readLabelStudioExport(file, text).labels;
}

/** The export's tasks: valid JSON (a syntax error names its line) and an array. */
function parseTasks(file: string, text: string): unknown[] {
  let tasks: unknown;
  try {
    tasks = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const line = syntaxErrorLine(text, error);
    throw dataError([{ file, line, message: `not valid JSON: ${(error as Error).message}` }]);
  }
  if (!Array.isArray(tasks)) {
    throw dataError([
      { file, line: 1, message: 'a Label Studio export is a JSON array of tasks', found: typeof tasks },
    ]);
  }
  return tasks;
}

/** Where the export's labels and problems are gathered while its tasks are read. */
interface ExportReader {
  readonly file: string;
  readonly issues: DataIssue[];
  /** Adds one expert label by the export user, resolved to the run's annotator. */
  add(item: string, user: ExportUser, label: string, line: number): void;
}

/** One task in the export: its line, its name in messages, and the task itself. */
interface ExportTask {
  readonly task: unknown;
  readonly line: number;
  readonly where: string;
}

/** Records each schema problem of a task, naming the file, the task's line and the field. */
function schemaIssues(reader: ExportReader, { line, where }: ExportTask, error: z.ZodError): void {
  for (const issue of error.issues) {
    reader.issues.push({
      file: reader.file,
      line,
      field: issue.path.join('.'),
      message: `${where}: ${issue.message}`,
    });
  }
}

/** A JSON-MIN row: one annotation, flat. */
function readMinRow(reader: ExportReader, entry: ExportTask): void {
  const row = minRowSchema.safeParse(entry.task);
  if (!row.success) {
    schemaIssues(reader, entry, row.error);
    return;
  }
  const label = typeof row.data.label === 'string' ? row.data.label : (row.data.label.choices[0] ?? '');
  reader.add(row.data.item, minUserOf(row.data.annotator), label, entry.line);
}

/** A full-JSON task: each annotation not cancelled gives the label of its first choices answer. */
function readFullTask(reader: ExportReader, entry: ExportTask): void {
  const parsed = taskSchema.safeParse(entry.task);
  if (!parsed.success) {
    schemaIssues(reader, entry, parsed.error);
    return;
  }
  const { line, where } = entry;
  parsed.data.annotations?.forEach((annotation, position) => {
    if (annotation.was_cancelled === true) return;
    const choice = annotation.result.map((result) => choiceSchema.safeParse(result)).find((r) => r.success);
    if (choice?.success !== true) {
      reader.issues.push({
        file: reader.file,
        line,
        field: `annotations.${position}.result`,
        message: `${where}: no choices answer (expected a result with value.choices)`,
      });
      return;
    }
    reader.add(
      parsed.data.data.item,
      userOf(annotation.completed_by),
      choice.data.value.choices[0] ?? '',
      line,
    );
  });
}

/**
 * Reads a Label Studio export, the full JSON (tasks with `annotations`) or JSON-MIN (one flat row per
 * annotation), keeping each person's identity: export users become the run's annotators through `identities`
 * (see `resolveAnnotator`). Every problem names the file, the line and the task; skipped annotations are not
 * labels.
 */
export function readLabelStudioExport(
  file: string,
  text: string,
  identities: AnnotatorIdentities = NO_IDENTITIES,
): LabelStudioImport {
  const tasks = parseTasks(file, text);
  const offsets = elementOffsets(text);
  const out: LabelStudioImport = { labels: [], lines: [], unmatched: [] };
  const reader: ExportReader = {
    file,
    issues: [],
    add: (item, user, label, line) => {
      const { annotator, matched } = resolveAnnotator(user, identities);
      if (!matched && !out.unmatched.includes(annotator)) out.unmatched.push(annotator);
      out.labels.push({ item, annotator, role: 'expert', label });
      out.lines.push(line);
    },
  };
  tasks.forEach((task: unknown, index) => {
    const entry = { task, line: lineAt(text, offsets[index] ?? 0), where: taskName(task, index) };
    const isMin = task !== null && typeof task === 'object' && !('data' in task) && 'item' in task;
    if (isMin) readMinRow(reader, entry);
    else readFullTask(reader, entry);
  });
  const { issues } = reader;
  if (issues.length > 0) throw dataError(issues, `import: ${issues.length} problem(s) in ${file}`);
  return out;
}

/** Label Studio tasks for a review batch (import them into a project with a `choices` control named `label`). */
export function labelStudioTasks(
  entries: readonly {
    readonly item: string;
    readonly text: string;
    readonly rank: number;
    readonly reason?: string;
    readonly question?: string;
    readonly context?: Readonly<Record<string, unknown>>;
  }[],
  iteration: number,
): unknown[] {
  return entries.map((entry) => ({
    data: {
      item: entry.item,
      text: entry.text,
      iteration,
      rank: entry.rank,
      ...(entry.reason === undefined ? {} : { reason: entry.reason }),
      ...(entry.question === undefined ? {} : { question: entry.question }),
      ...Object.fromEntries(
        Object.entries(entry.context ?? {}).map(([field, value]) => [
          contextKey(field),
          typeof value === 'string' ? value : JSON.stringify(value),
        ]),
      ),
    },
  }));
}

/** The task data key of a context field (kept apart from the task's own keys). */
function contextKey(field: string): string {
  return `context_${field.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A Label Studio labelling config for the two categories: the task question as a header, the item's context
 * fields (when the run has them), the text, and the choices.
 */
export function labelStudioConfig(
  labels: readonly [string, string],
  context: readonly string[] = [],
): string {
  const choices = labels.map((label) => `    <Choice value="${escapeXml(label)}"/>`).join('\n');
  const shown = context
    .map(
      (field) =>
        `  <Header value="${escapeXml(field)}" size="6"/>\n  <Text name="${contextKey(field)}" value="$${contextKey(field)}"/>\n`,
    )
    .join('');
  return `<View>\n  <Header value="$question"/>\n${shown}  <Text name="text" value="$text"/>\n  <Choices name="label" toName="text" choice="single" required="true">\n${choices}\n  </Choices>\n</View>\n`;
}
