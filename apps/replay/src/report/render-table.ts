import { formatCount } from './format';
import {
  conditionsTable,
  curvesTable,
  hasPaperFigures,
  pairedTable,
  paperComparisonTable,
  type Table,
  tasksTable,
} from './rows';
import { seedsText, summaryOf } from './summary-of';
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

/** The first line of the terminal summary and of report.md: the scenario and the seeds, with what they allow. */
export function seedsLine(report: ReplayReport): string {
  const seeds = summaryOf(report).seeds;
  const what =
    seeds.length === 1
      ? 'no interval over seeds (--seeds 5 gives them); bracketed figures, where shown, are per-run intervals'
      : 'figures are means over the seeds with 95% t intervals over seeds in brackets';
  return `scenario ${report.scenario}, ${seedsText(seeds)}: ${what}`;
}

/**
 * What the curated runs did, in one line (`method: boundary pairs with the score-strata first batch, ...`; the
 * boundary-pairs clause only when boundary pairs is one of the policies), or undefined for a report written before
 * reports recorded it.
 */
export function methodLine(report: ReplayReport): string | undefined {
  const method = report.method;
  if (method === undefined) return undefined;
  const share = method.uncertaintyShare > 0 ? `, uncertainty share ${method.uncertaintyShare}` : '';
  const boundaryPairs = method.policies.includes('boundary-pairs')
    ? [
        `boundary pairs with the ${method.firstBatch} first batch, pair scoring ${method.pairScoring},`,
        `sides ${method.sides}${share}, ${method.selection} clustering;`,
      ]
    : [];
  return [
    'method:',
    ...boundaryPairs,
    `embedder ${method.embedder}, prior ${method.prior}; policies ${method.policies.join(', ')}`,
  ].join(' ');
}

/**
 * The terminal summary of a replay: the paired differences and the findings first, then the paper's table
 * beside ours (or the task table), the label-efficiency areas and every condition.
 */
export function renderReportTable(report: ReplayReport): string {
  const method = methodLine(report);
  const parts = [`borderline replay: ${seedsLine(report)}`, ...(method === undefined ? [] : [method]), ''];
  const paired = pairedTable(report);
  if (paired.rows.length > 0) parts.push('curated - baseline, paired by seed', renderPlainTable(paired), '');
  if (report.findings && report.findings.length > 0) {
    parts.push(...report.findings.map((finding) => `- ${finding}`), '');
  }
  parts.push(
    renderPlainTable(hasPaperFigures(report) ? paperComparisonTable(report) : tasksTable(report)),
    '',
  );
  const curves = curvesTable(report);
  if (curves.rows.length > 0) {
    parts.push('label efficiency: audit-set kappa against expert labels used', renderPlainTable(curves), '');
  }
  parts.push(renderPlainTable(conditionsTable(report)));
  parts.push(
    '',
    `total ${report.timings.totalSeconds.toFixed(1)} s; ${formatCount(report.conditions.length)} conditions`,
  );
  return `${parts.join('\n')}\n`;
}
