import { dataError, ROLES } from '@borderline/core';
import { type ValidationSummary, validateDataset } from '@borderline/ingest';
import type { Argv, CommandModule } from 'yargs';
import type { CliIo, GlobalOptions } from '../io';
import { createOutput } from '../render/output';
import { renderTable } from '../render/table';
import { wholeNumberOption } from './integer-option';

interface ValidateArgs extends GlobalOptions {
  readonly target: string;
  readonly maxErrors: number;
  readonly kind?: 'items' | 'labels';
}

/** Annotators listed by name before the rest are summed up in one line. */
const ANNOTATORS_SHOWN = 20;

/** `borderline validate <dataset-dir | file>`: check a dataset and summarise it; exit 1 with every problem. */
export function validateCommand(io: CliIo): CommandModule {
  return {
    command: 'validate <target>',
    describe: 'Check a dataset folder or an items/labels file; every problem names file:line and field',
    builder: (yargs: Argv) =>
      yargs
        .positional('target', {
          type: 'string',
          demandOption: true,
          describe:
            'A dataset folder, an items or labels file (.jsonl, .csv, .parquet, .gz), or a dataset name',
        })
        .option(
          'max-errors',
          wholeNumberOption(
            '--max-errors',
            { min: 1 },
            { default: 20, describe: 'Stop after this many problems (a whole number >= 1)' },
          ),
        )
        .option('kind', {
          type: 'string',
          choices: ['items', 'labels'],
          describe: 'What a single file holds (default: "labels" when its name says so, else "items")',
        }),
    handler: async (args) => {
      await runValidate(args as unknown as ValidateArgs, io);
    },
  };
}

async function runValidate(args: ValidateArgs, io: CliIo): Promise<void> {
  const output = createOutput(io, args);
  const result = await validateDataset(args.target, {
    env: io.env,
    cwd: io.cwd,
    maxErrors: args.maxErrors,
    ...(args.kind === undefined ? {} : { kind: args.kind }),
  });
  if (!result.ok) {
    const count = result.issues.length;
    const more = count >= args.maxErrors ? ' (stopped there; --max-errors raises the limit)' : '';
    throw dataError(
      result.issues,
      `${count} problem${count === 1 ? '' : 's'} in ${result.summary.path}${more}`,
    );
  }
  output.result(result.summary, () => renderSummary(result.summary));
}

function share(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;
}

/** The human summary: counts, labels per role, annotators, and label balance per role. */
export function renderSummary(summary: ValidationSummary): string {
  const title = summary.name === undefined ? summary.path : `${summary.name} (${summary.path})`;
  const roles = ROLES.filter((role) => summary.labelsPerRole[role] !== undefined);
  const perRole = roles.map((role) => `${role} ${summary.labelsPerRole[role]}`).join(', ');
  const lines = [`${title}: valid ${summary.kind}`];
  if (summary.kind !== 'labels') lines.push(`  items:  ${summary.items}`);
  if (summary.kind !== 'items') {
    lines.push(`  labels: ${summary.labels}${perRole === '' ? '' : ` (${perRole})`}`);
    if (summary.repeats > 0) lines.push(`  repeated labels counted once: ${summary.repeats}`);
  }
  if (summary.annotators.length > 0) lines.push('', annotatorTable(summary));
  if (roles.length > 0) lines.push('', balanceTable(summary, roles));
  return lines.join('\n');
}

function annotatorTable(summary: ValidationSummary): string {
  const sorted = [...summary.annotators].sort(
    (a, b) => b.items - a.items || a.annotator.localeCompare(b.annotator),
  );
  const rows = sorted.slice(0, ANNOTATORS_SHOWN).map((a) => [a.annotator, a.role, String(a.items)]);
  const rest = sorted.slice(ANNOTATORS_SHOWN);
  if (rest.length > 0) {
    const items = rest.reduce((sum, a) => sum + a.items, 0);
    rows.push([`(${rest.length} more)`, '', String(items)]);
  }
  return renderTable(['annotator', 'role', 'items'], rows);
}

function balanceTable(
  summary: ValidationSummary,
  roles: readonly (keyof ValidationSummary['balance'])[],
): string {
  const categories = Object.keys(summary.balance[roles[0]!] ?? {});
  const rows = roles.map((role) => {
    const counts = summary.balance[role] ?? {};
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    return [
      role,
      ...categories.map((category) => `${counts[category] ?? 0} (${share(counts[category] ?? 0, total)})`),
    ];
  });
  return renderTable(['role', ...categories], rows);
}
