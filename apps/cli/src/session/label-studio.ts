import { type DataIssue, dataError, type Label } from '@borderline/core';
import { z } from 'zod';

/**
 * Label Studio's JSON export: an array of tasks, each with the item in `data` and the annotators' answers in
 * `annotations[].result[]` (a `choices` control). Cancelled (skipped) annotations are not labels.
 */
const choiceSchema = z.object({
  type: z.string().optional(),
  value: z.object({ choices: z.array(z.string().min(1)).length(1, 'expected exactly one choice') }),
});

const annotationSchema = z.object({
  completed_by: z.union([z.number(), z.string(), z.object({ id: z.union([z.number(), z.string()]) })]),
  was_cancelled: z.boolean().optional(),
  result: z.array(z.unknown()),
});

const taskSchema = z.object({
  data: z.object({ item: z.string().min(1, 'data.item is empty') }).loose(),
  annotations: z.array(annotationSchema).optional(),
});

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

function annotatorOf(completedBy: z.infer<typeof annotationSchema>['completed_by']): string {
  const id = typeof completedBy === 'object' ? completedBy.id : completedBy;
  return `label-studio:${id}`;
}

/**
 * Reads a Label Studio JSON export into expert labels. Every problem names the file, the line where its task
 * starts, and the field; any problem rejects the whole file.
 */
export function parseLabelStudioExport(file: string, text: string): Label[] {
  let tasks: unknown;
  try {
    tasks = JSON.parse(text);
  } catch (error) {
    const line = syntaxErrorLine(text, error);
    throw dataError([{ file, line, message: `not valid JSON: ${(error as Error).message}` }]);
  }
  if (!Array.isArray(tasks)) {
    throw dataError([
      { file, line: 1, message: 'a Label Studio export is a JSON array of tasks', found: typeof tasks },
    ]);
  }
  const offsets = elementOffsets(text);
  const issues: DataIssue[] = [];
  const labels: Label[] = [];
  tasks.forEach((task: unknown, index) => {
    const line = lineAt(text, offsets[index] ?? 0);
    const parsed = taskSchema.safeParse(task);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ file, line, field: issue.path.join('.'), message: issue.message });
      }
      return;
    }
    parsed.data.annotations?.forEach((annotation, position) => {
      if (annotation.was_cancelled === true) return;
      const choice = annotation.result.map((result) => choiceSchema.safeParse(result)).find((r) => r.success);
      if (choice?.success !== true) {
        issues.push({
          file,
          line,
          field: `annotations.${position}.result`,
          message: 'no choices answer (expected a result with value.choices)',
        });
        return;
      }
      labels.push({
        item: parsed.data.data.item,
        annotator: annotatorOf(annotation.completed_by),
        role: 'expert',
        label: choice.data.value.choices[0] ?? '',
      });
    });
  });
  if (issues.length > 0) throw dataError(issues, `import: ${issues.length} problem(s) in ${file}`);
  return labels;
}

/** Label Studio tasks for a review batch (import them into a project with a `choices` control named `label`). */
export function labelStudioTasks(
  entries: readonly {
    readonly item: string;
    readonly text: string;
    readonly rank: number;
    readonly reason?: string;
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
    },
  }));
}

/** A Label Studio labelling config for the two categories. */
export function labelStudioConfig(labels: readonly [string, string]): string {
  const choices = labels.map((label) => `    <Choice value="${label}"/>`).join('\n');
  return `<View>\n  <Text name="text" value="$text"/>\n  <Choices name="label" toName="text" choice="single" required="true">\n${choices}\n  </Choices>\n</View>\n`;
}
