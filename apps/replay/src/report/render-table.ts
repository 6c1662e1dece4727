import { formatCount } from './format';
import { conditionsTable, hasPaperFigures, paperComparisonTable, type Table, tasksTable } from './rows';
import type { ReplayReport } from './types';

/** Pads a table into aligned plain-text columns (first column left-aligned, the rest right-aligned). */
export function renderPlainTable(table: Table): string {
  const all = [table.header, ...table.rows];
  const widths = table.header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(table.header), rule, ...table.rows.map(line)].join('\n');
}

/** The terminal summary of a replay: the paper's table beside ours when the scenario is the paper's. */
export function renderReportTable(report: ReplayReport): string {
  const parts = [`borderline replay: scenario ${report.scenario}, seed ${report.seed}`, ''];
  if (hasPaperFigures(report)) {
    parts.push(renderPlainTable(paperComparisonTable(report)), '');
  } else {
    parts.push(renderPlainTable(tasksTable(report)), '');
  }
  parts.push(renderPlainTable(conditionsTable(report)));
  if (report.findings && report.findings.length > 0) {
    parts.push('', ...report.findings.map((finding) => `- ${finding}`));
  }
  parts.push(
    '',
    `total ${report.timings.totalSeconds.toFixed(1)} s; ${formatCount(report.conditions.length)} conditions`,
  );
  return `${parts.join('\n')}\n`;
}
