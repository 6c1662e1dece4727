import type { CommandModule } from 'yargs';
import type { CliIo } from '../io';
import type { Colors } from '../render/colors';
import { fixed, renderTable } from '../render/table';
import { DROPPED_ROWS_FILE } from '../session/run-config';
import { withRun } from '../session/run-session';
import { buildStatus, type StatusReport } from '../session/status-report';
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

/** The human rendering of a run's status. */
export function renderStatus(report: StatusReport, colors: Colors): string {
  const rows = report.iterations.map((row) => [
    String(row.iteration),
    String(row.items),
    String(row.labels),
    `${row.fineTuneExamples}/${row.evalExamples}`,
    fixed(row.internalAlignment.value),
    fixed(row.modelExpertKappa.value),
    interval(row.modelExpertKappa),
    row.crowdExpertKappa === null ? '-' : fixed(row.crowdExpertKappa.value),
    row.stop.stop ? (row.stop.reason ?? 'stop') : '-',
  ]);
  const table = renderTable(
    ['iter', 'items', 'labels', 'tune/eval', 'internal', 'model-kappa', '95% CI', 'crowd-kappa', 'stop'],
    rows,
  );
  const where =
    report.phase === 'done'
      ? colors.bold(`stopped: ${report.stop?.reason ?? ''} (${report.stop?.detail ?? ''})`)
      : report.pending !== null
        ? `waiting for labels: ${report.pending.labelled}/${report.pending.items} items of iteration ${report.pending.iteration} labelled`
        : `next: ${report.phase === 'score' ? 'prelabel' : report.phase} (iteration ${report.iteration})`;
  return [
    colors.bold(
      `${report.dataset.name}: ${report.dataset.items} items, ${report.runner} ${report.model}, embedder ${report.embedder}, ${report.policy}, seed ${report.seed}`,
    ),
    dataLine(report),
    report.iterations.length > 0 ? table : 'no iteration measured yet',
    ...unavailableLines(report),
    `ledger: ${report.ledger.expert} expert and ${report.ledger.crowd} crowd label(s) in ${report.ledger.batches} batch(es)`,
    where,
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
      output.result(report, () => renderStatus(report, output.colors));
    },
  };
}
