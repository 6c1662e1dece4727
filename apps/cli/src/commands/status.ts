import type { CommandModule } from 'yargs';
import { hintFor } from '../drive/transitions';
import type { CliIo } from '../io';
import type { Colors } from '../render/colors';
import { fixed, renderTable } from '../render/table';
import { DROPPED_ROWS_FILE, selectionText } from '../session/run-config';
import { withRun } from '../session/run-session';
import { buildStatus, type StatusReport } from '../session/status-report';
import { shardLines } from '../shards/shard-status';
import { outputOf, withRunDir } from './shared';

interface StatusArgs {
  runDir: string;
  json?: boolean;
  quiet?: boolean;
  seed?: number;
}

function interval(figure: { readonly ci95: readonly [number, number] | null }): string {
  return figure.ci95 === null ? '-' : `${fixed(figure.ci95[0], 2)}..${fixed(figure.ci95[1], 2)}`;
}

/** The terms of the table, a line each, for someone who has not read the paper. */
const GLOSSARY = [
  'terms:',
  '  LLM-0        the starting model that labels the whole pool before any expert is asked (iteration 0)',
  '  internal     internal alignment: Cohen kappa between the experts themselves on the items two of them',
  "               labelled; the best agreement a model can be expected to reach, and the stop rule's target",
  '  model-kappa  Cohen kappa between the model and the expert majority on the evaluation (audit) set: expert-',
  '               labelled items held out from fine-tuning; 95% CI is its interval, clipped to [-1, 1]',
  '  tune/eval    expert-labelled items used to fine-tune / held out as the audit set; ties are items whose',
  '               experts split evenly, left out of both',
  '  large/small  the local model: a larger or smaller classifier head on the sentence vectors',
  '  why kappas move: each iteration adds new items to the audit set and retrains on more labels; with a few',
  '               dozen audit items one item changes kappa by several hundredths, so read the trend and the CI',
];

function dataLine(report: StatusReport): string {
  const { data } = report;
  const conflicts =
    data.onConflict === 'error'
      ? 'changed minds refused (--on-conflict error)'
      : `${data.conflicts} changed mind(s) settled by --on-conflict ${data.onConflict}`;
  const skipped = data.skipInvalid
    ? `${data.dropped} invalid record(s) left out (--skip-invalid; listed in ${DROPPED_ROWS_FILE})`
    : 'invalid records refused';
  return `data: ${conflicts}; ${skipped}`;
}

function unavailableLines(report: StatusReport): string[] {
  const record = report.unavailableAnswers;
  if (record === null) return [];
  const why = record.reasons.length === 0 ? '' : ` (${record.reasons.join('; ')})`;
  return [
    `unavailable answers: ${record.unavailable} of ${record.chunk} in the last chunk ${record.command} scored with model version ${record.modelVersion}${why}; not counted as labels or scores: run ${record.command} again`,
  ];
}

/** The iterations as a table: items, labels, examples, ties, the kappas and the stop verdict. */
function iterationTable(report: StatusReport): string {
  const rows = report.iterations.map((row) => [
    String(row.iteration),
    String(row.items),
    String(row.labels),
    `${row.fineTuneExamples}/${row.evalExamples}`,
    String(row.ties),
    fixed(row.internalAlignment.value),
    fixed(row.modelExpertKappa.value),
    interval(row.modelExpertKappa),
    row.crowdExpertKappa === null ? '-' : fixed(row.crowdExpertKappa.value),
    row.stop.stop ? (row.stop.reason ?? 'stop') : '-',
  ]);
  return renderTable(
    [
      'iter',
      'items',
      'labels',
      'tune/eval',
      'ties',
      'internal',
      'model-kappa',
      '95% CI',
      'crowd-kappa',
      'stop',
    ],
    rows,
  );
}

/** Where the run is and the command that comes next. */
function whereLine(report: StatusReport, colors: Colors, run: string): string {
  return report.phase === 'done'
    ? colors.bold(
        `stopped: ${report.stop?.reason ?? ''} (${report.stop?.detail ?? ''}); go on with borderline run ${run} --max-iterations N`,
      )
    : report.pending !== null
      ? `waiting for the experts' labels: ${report.pending.labelled}/${report.pending.items} items of iteration ${report.pending.iteration} labelled; next: borderline import ${run} <labels-file>, then borderline step ${run}`
      : hintFor(
          {
            next: report.phase.startsWith('evaluate') ? 'evaluate' : report.phase,
            modelVersion: report.modelVersion,
            iteration: report.iteration,
            stop: report.stop,
          },
          run,
        );
}

/** The human rendering of a run's status. */
export function renderStatus(report: StatusReport, colors: Colors, run = '<run-dir>'): string {
  return [
    colors.bold(
      `${report.dataset.name}: ${report.dataset.items} items, ${report.runner} ${report.model}, embedder ${report.embedder}, ${report.policy}, seed ${report.seed}`,
    ),
    dataLine(report),
    ...(report.selection === undefined ? [] : [`selection: ${selectionText(report.selection)}`]),
    ...(report.shards === undefined ? [] : shardLines(report.shards, report.timings.passes ?? [])),
    report.iterations.length > 0 ? iterationTable(report) : 'no iteration measured yet',
    ...unavailableLines(report),
    `ledger: ${report.ledger.expert} expert and ${report.ledger.crowd} crowd label(s) in ${report.ledger.batches} batch(es)`,
    whereLine(report, colors, run),
    '',
    ...GLOSSARY,
  ].join('\n');
}

/** `borderline status`: iterations, kappas and the stop advice. */
export function statusCommand(io: CliIo): CommandModule<object, StatusArgs> {
  return {
    command: 'status <run-dir>',
    describe:
      'Show each iteration: items, labels, internal alignment, model-expert kappa with CI, stop advice',
    builder: (yargs) =>
      withRunDir(yargs)
        .example('$0 status runs/abuse', 'A table of the iterations')
        .example(
          '$0 status runs/abuse --json',
          'The same as JSON (wall-clock figures only under "timings")',
        ) as never,
    handler: async (args) => {
      const output = outputOf(io, args);
      const report = await withRun(io, args.runDir, 'read', (session) => buildStatus(session));
      output.result(report, () => renderStatus(report, output.colors, args.runDir));
    },
  };
}
