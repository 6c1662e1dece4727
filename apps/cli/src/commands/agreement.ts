import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type AgreementReport,
  agreementReport,
  type MeasurementLevel,
  type Weights,
} from '@borderline/agreement';
import { BorderlineError, invalidArgument, type Label, ROLES, type Role } from '@borderline/core';
import { findDataFile, loadLabelsFile, resolveDatasetPath } from '@borderline/ingest';
import type { Argv, CommandModule } from 'yargs';
import type { CliIo, GlobalOptions } from '../io';
import { createOutput } from '../render/output';
import { fixed, renderTable } from '../render/table';

interface AgreementArgs extends GlobalOptions {
  readonly file: string;
  readonly role?: Role;
  readonly annotators?: string;
  readonly labels?: string;
  readonly weights: Weights;
  readonly level: MeasurementLevel;
}

/** `borderline agreement <labels>`: the panel's pairwise kappas, Fleiss, Krippendorff and AC1. */
export function agreementCommand(io: CliIo): CommandModule {
  return {
    command: 'agreement <file>',
    describe: 'How well annotators agree: pairwise Cohen kappa (n, 95% CI), Fleiss, Krippendorff, Gwet AC1',
    builder: (yargs: Argv) =>
      yargs
        .positional('file', {
          type: 'string',
          demandOption: true,
          describe: 'labels.jsonl or .csv, or a dataset folder (names resolve through BORDERLINE_DATA_PATH)',
        })
        .option('role', {
          type: 'string',
          choices: ROLES,
          describe: 'Only labels of this role (e.g. expert)',
        })
        .option('annotators', {
          type: 'string',
          describe: 'Comma-separated annotators to compare, in this order',
        })
        .option('labels', {
          type: 'string',
          describe: 'Comma-separated category order (default: dataset.json beside the file, else sorted)',
        })
        .option('weights', {
          type: 'string',
          choices: ['none', 'linear', 'quadratic'],
          default: 'none',
          describe: 'Kappa weights for ordered categories',
        })
        .option('level', {
          type: 'string',
          choices: ['nominal', 'ordinal', 'interval'],
          default: 'nominal',
          describe: "Krippendorff's alpha metric",
        }),
    handler: async (args) => {
      await runAgreement(args as unknown as AgreementArgs, io);
    },
  };
}

async function runAgreement(args: AgreementArgs, io: CliIo): Promise<void> {
  const output = createOutput(io, args);
  const file = labelsFileOf(resolveDatasetPath(args.file, { env: io.env, cwd: io.cwd }));
  const labels = await loadLabelsFile(file);
  const kept = args.role === undefined ? labels : labels.filter((label) => label.role === args.role);
  if (kept.length === 0) {
    throw new BorderlineError({
      code: 'degenerate',
      message: `agreement: ${file} has no labels${args.role === undefined ? '' : ` with role ${args.role}`}`,
    });
  }
  const report = agreementReport(labels, {
    labelSet: categoriesOf(args.labels, file, labels),
    weights: args.weights,
    level: args.level,
    source: file,
    ...(args.role === undefined ? {} : { role: args.role }),
    ...(args.annotators === undefined ? {} : { annotators: annotatorsOf(args.annotators, kept) }),
  });
  for (const warning of report.warnings) output.warn(warning);
  output.result(report, () => renderReport(report));
}

/** A labels file as given, or the labels file inside a dataset folder. */
function labelsFileOf(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const found = findDataFile(path, 'labels');
  if (found === undefined) {
    throw new BorderlineError({
      code: 'not-found',
      message: `agreement: no labels.jsonl or labels.csv in ${path}`,
    });
  }
  return found;
}

/** --labels, else the `labels` of dataset.json beside the file, else every label value sorted. */
function categoriesOf(option: string | undefined, file: string, labels: readonly Label[]): string[] {
  if (option !== undefined) return splitList('--labels', option);
  const manifest = join(dirname(file), 'dataset.json');
  if (existsSync(manifest)) {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { labels?: unknown };
    const names = parsed.labels;
    if (Array.isArray(names) && names.length > 0 && names.every((name) => typeof name === 'string'))
      return names;
    throw new BorderlineError({
      code: 'invalid-data',
      message: `${manifest}: labels: expected a non-empty array of category names (or pass --labels)`,
    });
  }
  return [...new Set(labels.map((label) => label.label))].sort();
}

/** --annotators, refusing names that have no label (most likely a typo). */
function annotatorsOf(option: string, labels: readonly Label[]): string[] {
  const names = splitList('--annotators', option);
  const known = new Set(labels.map((label) => label.annotator));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw invalidArgument(
      'agreement',
      `--annotators: no labels from ${unknown.join(', ')}; known: ${[...known].sort().join(', ')}`,
    );
  }
  return names;
}

function splitList(option: string, value: string): string[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw invalidArgument('agreement', `${option} needs at least one name`);
  return names;
}

/** The human rendering: one row per pair, then the panel coefficients. */
function renderReport(report: AgreementReport): string {
  const rows = report.pairs.map((pair) => [
    pair.a,
    pair.b,
    String(pair.n),
    pair.kappa === null ? `- (${pair.reason ?? 'undefined'})` : fixed(pair.kappa),
    pair.ci95 === null ? '-' : `[${fixed(pair.ci95[0])}, ${fixed(pair.ci95[1])}]`,
  ]);
  const scope = `${report.annotators.length} annotators${report.role === null ? '' : ` (${report.role})`}`;
  return [
    `Agreement of ${scope} on ${report.items} items, ${report.labelCount} labels`,
    `categories: ${report.labels.join(' < ')}; weights: ${report.weights}`,
    '',
    renderTable(['a', 'b', 'n', 'kappa', '95% CI'], rows),
    '',
    `mean pairwise kappa   ${fixed(report.meanPairwiseKappa)}  (${report.definedPairs} of ${report.pairs.length} pairs defined)`,
    `Fleiss' kappa         ${fixed(report.fleissKappa)}  (${report.fleissItems} items labelled by all ${report.annotators.length})`,
    `Krippendorff's alpha  ${fixed(report.krippendorffAlpha)}  (${report.krippendorffLevel})`,
    `Gwet's AC1            ${fixed(report.gwetAc1)}`,
  ].join('\n');
}
