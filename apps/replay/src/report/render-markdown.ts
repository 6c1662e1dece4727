import { formatKappa } from './format';
import { methodLine, seedsLine } from './render-table';
import {
  conditionsTable,
  curvesTable,
  hasPaperFigures,
  pairedTable,
  paperComparisonTable,
  type Table,
  tasksTable,
} from './rows';
import { summaryOf } from './summary-of';
import type { ReplayReport } from './types';

function escapeCell(cell: string): string {
  return cell.replace(/\|/g, '\\|');
}

/** A GitHub-flavoured markdown table. */
export function renderMarkdownTable(table: Table): string {
  const line = (row: readonly string[]) => `| ${row.map(escapeCell).join(' | ')} |`;
  const rule = `|${table.header.map((_, column) => (column === 0 ? ' --- ' : ' ---: ')).join('|')}|`;
  return [line(table.header), rule, ...table.rows.map(line)].join('\n');
}

/**
 * `report.md`: the paired differences and findings first, then the paper's table beside ours, the tasks, the
 * label-efficiency curves (chart and numbers), every condition and the timings.
 */
export function renderReportMarkdown(report: ReplayReport): string {
  const method = methodLine(report);
  const parts = [
    `# borderline replay: ${report.scenario}`,
    '',
    seedsLine(report),
    ...(method === undefined ? [] : ['', method]),
    '',
  ];
  const paired = pairedTable(report);
  if (paired.rows.length > 0) {
    parts.push('## curated - baseline, paired by seed', '', renderMarkdownTable(paired), '');
  }
  if (report.findings && report.findings.length > 0) {
    parts.push('## Findings', '', ...report.findings.map((finding) => `- ${finding}`), '');
  }
  if (hasPaperFigures(report)) {
    parts.push(
      "## The paper's figures beside ours",
      '',
      renderMarkdownTable(paperComparisonTable(report)),
      '',
    );
  }
  parts.push('## Tasks', '', renderMarkdownTable(tasksTable(report)), '');
  parts.push(...labelEfficiencySection(report));
  parts.push('## Conditions', '', renderMarkdownTable(conditionsTable(report)), '');
  parts.push(...timingsSection(report));
  return `${parts.join('\n')}\n`;
}

/** The label-efficiency section (chart, table, each curve's points), or nothing when no run iterated. */
function labelEfficiencySection(report: ReplayReport): string[] {
  const summary = summaryOf(report);
  if (summary.curves.length === 0) return [];
  const parts = [
    '## Label efficiency',
    '',
    '![audit-set kappa against expert labels used](kappa.svg)',
    '',
    renderMarkdownTable(curvesTable(report)),
    '',
    'Area: the mean audit kappa over the expert-label range (the curve held flat after its last point).',
    '',
  ];
  for (const curve of summary.curves) {
    const points = curve.points.map(
      (point) => `${formatKappa(point.kappa)} (${Math.round(point.expertLabels)})`,
    );
    parts.push(
      `- ${curve.task} / ${curve.model} / ${curve.condition} / ${curve.policy}: ${points.join(', ')}`,
    );
  }
  parts.push(
    '',
    'Audit kappa per iteration (mean over seeds); in parentheses: expert labels used so far.',
    '',
  );
  return parts;
}

function timingsSection(report: ReplayReport): string[] {
  const parts = ['## Timings', '', `Total: ${report.timings.totalSeconds.toFixed(1)} s.`];
  const stages = Object.entries(report.timings.stages ?? {});
  if (stages.length > 0) {
    parts.push('', ...stages.map(([stage, seconds]) => `- ${stage}: ${seconds.toFixed(2)} s`));
  }
  return parts;
}
