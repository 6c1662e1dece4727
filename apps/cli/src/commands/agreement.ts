import { statSync } from 'node:fs';
import {
  type AgreementReport,
  agreementReport,
  type MeasurementLevel,
  type Weights,
} from '@borderline/agreement';
import { BorderlineError, invalidArgument, type Label, ROLES, type Role } from '@borderline/core';
import { findDataFile, loadLabelsFile, readSiblingManifest, resolveDatasetPath } from '@borderline/ingest';
import type { Argv, CommandModule } from 'yargs';
import type { CliIo, GlobalOptions } from '../io';
import { createOutput } from '../render/output';
import { fixed, renderTable } from '../render/table';
import { integerAtLeast, wholeNumberOption } from './integer-option';

interface AgreementArgs extends GlobalOptions {
  readonly file: string;
  readonly role?: Role;
  readonly annotators?: string;
  readonly labels?: string;
  readonly weights: Weights;
  readonly level: MeasurementLevel;
  readonly pairs: number;
  readonly minItems: number;
}

/** Pairs listed by default: every pair of a panel of up to 14 annotators; for a crowd, the most-shared ones. */
const DEFAULT_PAIRS = 100;

/** `--pairs all` or a whole number >= 0. */
function pairsOption(value: unknown): number {
  if (String(value).trim().toLowerCase() === 'all') return Number.POSITIVE_INFINITY;
  return integerAtLeast('--pairs', 0)(value) ?? DEFAULT_PAIRS;
}

/** `borderline agreement <labels>`: the panel's pairwise kappas, Fleiss, Krippendorff and AC1. */
export function agreementCommand(io: CliIo): CommandModule {
  return {
    command: 'agreement <file>',
    describe: 'How well annotators agree: pairwise Cohen kappa (n, 95% CI), Fleiss, Krippendorff, Gwet AC1',
    builder: (yargs: Argv) => withMeasureOptions(withScopeOptions(yargs)),
    handler: async (args) => {
      await runAgreement(args as unknown as AgreementArgs, io);
    },
  };
}

/** What is compared: the labels file, and which roles, annotators and categories of it. */
function withScopeOptions(yargs: Argv) {
  return yargs
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
    });
}

/** How agreement is measured and which pairs are listed. */
function withMeasureOptions<T>(yargs: Argv<T>) {
  return yargs
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
    })
    .option('pairs', {
      type: 'string',
      default: String(DEFAULT_PAIRS),
      defaultDescription: String(DEFAULT_PAIRS),
      coerce: pairsOption,
      describe:
        'Pairs to list (table and JSON): all when there are this many or fewer, else the ones sharing the most items; "all" lists every pair. The summary covers every pair either way',
    })
    .option(
      'min-items',
      wholeNumberOption(
        '--min-items',
        { min: 1 },
        {
          default: 1,
          describe: 'Compare only pairs sharing at least this many items (listed and in the mean)',
        },
      ),
    );
}

async function runAgreement(args: AgreementArgs, io: CliIo): Promise<void> {
  const output = createOutput(io, args);
  const file = labelsFileOf(resolveDatasetPath(args.file, { env: io.env, cwd: io.cwd }));
  const labels = await loadLabelsFile(file);
  const kept = args.role === undefined ? labels : labels.filter((label) => label.role === args.role);
  if (kept.length === 0) {
    throw new BorderlineError({
      code: 'degenerate',
      message: `${file} has no labels${args.role === undefined ? '' : ` with role ${args.role}`}`,
    });
  }
  const report = agreementReport(labels, {
    labelSet: await categoriesOf(args.labels, file, labels),
    weights: args.weights,
    level: args.level,
    source: file,
    maxPairs: args.pairs,
    minItems: args.minItems,
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
      message: `no labels file (labels.jsonl, .csv or .parquet) in ${path}`,
    });
  }
  return found;
}

/** --labels, else the `labels` of dataset.json beside the file (read as `validate` reads it), else sorted. */
async function categoriesOf(
  option: string | undefined,
  file: string,
  labels: readonly Label[],
): Promise<string[]> {
  if (option !== undefined) return splitList('--labels', option);
  const manifest = await readSiblingManifest(file);
  if (manifest !== undefined) return [...manifest.labels];
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

/** The human rendering: the listed pairs, then the panel coefficients. */
function renderReport(report: AgreementReport): string {
  const rows = report.pairs.map((pair) => [
    pair.a,
    pair.b,
    String(pair.n),
    pair.kappa === null ? `- (${pair.reason ?? 'undefined'})` : fixed(pair.kappa),
    pair.ci95 === null ? '-' : `[${fixed(pair.ci95[0])}, ${fixed(pair.ci95[1])}]`,
  ]);
  const scope = `${report.annotators.length} annotators${report.role === null ? '' : ` (${report.role})`}`;
  const listed =
    report.pairs.length < report.comparedPairs
      ? [
          `(${report.pairs.length} of ${report.comparedPairs} compared pairs listed: those sharing the most items; --pairs all lists every pair)`,
        ]
      : [];
  const noItem = report.totalPairs - report.sharingPairs;
  const compared =
    report.minItems > 1
      ? `${report.comparedPairs} compared: sharing >= ${report.minItems} items`
      : `${report.comparedPairs} compared`;
  return [
    `Agreement of ${scope} on ${report.items} items, ${report.labels} labels`,
    `categories: ${report.categories.join(' < ')}; weights: ${report.weights}`,
    '',
    ...(rows.length === 0
      ? ['(no pair of annotators to list)']
      : [renderTable(['a', 'b', 'n', 'kappa', '95% CI'], rows)]),
    ...listed,
    '',
    `mean pairwise kappa   ${fixed(report.meanPairwiseKappa)}  (${report.definedPairs} defined of ${compared}; ${noItem} of ${report.totalPairs} pairs share no item)`,
    `Fleiss' kappa         ${fixed(report.fleissKappa)}  (${report.fleissItems} items labelled by all ${report.annotators.length})`,
    `Krippendorff's alpha  ${fixed(report.krippendorffAlpha)}  (${report.krippendorffLevel})`,
    `Gwet's AC1            ${fixed(report.gwetAc1)}`,
  ].join('\n');
}
