import { formatKappa } from './format';
import { conditionsTable, hasPaperFigures, paperComparisonTable, type Table, tasksTable } from './rows';
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

/** `report.md`: the comparison table, every condition, the kappa curves as numbers, findings and timings. */
export function renderReportMarkdown(report: ReplayReport): string {
  const parts = [`# borderline replay: ${report.scenario} (seed ${report.seed})`, ''];
  if (hasPaperFigures(report)) {
    parts.push(
      "## The paper's figures beside ours",
      '',
      renderMarkdownTable(paperComparisonTable(report)),
      '',
    );
  }
  parts.push('## Tasks', '', renderMarkdownTable(tasksTable(report)), '');
  parts.push('## Conditions', '', renderMarkdownTable(conditionsTable(report)), '');
  const curves = report.conditions.filter((c) => c.kappaPerIteration && c.kappaPerIteration.length > 0);
  if (curves.length > 0) {
    parts.push('## Kappa per iteration', '', '![kappa per iteration](kappa.svg)', '');
    for (const c of curves) {
      const labels = c.expertLabelsPerIteration;
      const points = c.kappaPerIteration!.map((kappa, index) =>
        labels?.[index] === undefined ? formatKappa(kappa) : `${formatKappa(kappa)} (${labels[index]})`,
      );
      const name = [c.task, c.model, c.condition, c.policy].filter((part) => part !== undefined).join(' / ');
      parts.push(`- ${name}${c.stopReason ? ` (stopped: ${c.stopReason})` : ''}: ${points.join(', ')}`);
    }
    parts.push('', 'In parentheses: expert-labelled items so far.', '');
  }
  if (report.findings && report.findings.length > 0) {
    parts.push('## Findings', '', ...report.findings.map((finding) => `- ${finding}`), '');
  }
  parts.push('## Timings', '', `Total: ${report.timings.totalSeconds.toFixed(1)} s.`);
  const stages = Object.entries(report.timings.stages ?? {});
  if (stages.length > 0) {
    parts.push('', ...stages.map(([stage, seconds]) => `- ${stage}: ${seconds.toFixed(2)} s`));
  }
  return `${parts.join('\n')}\n`;
}
