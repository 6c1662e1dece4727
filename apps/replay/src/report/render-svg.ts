import { formatKappa } from './format';
import type { ConditionReport, ReplayReport } from './types';

const PANEL_WIDTH = 440;
const PANEL_HEIGHT = 300;
const MARGIN = { top: 34, right: 120, bottom: 40, left: 48 } as const;
const MODEL_COLOURS: Readonly<Record<string, string>> = { large: '#1f6fb4', small: '#e07b10' };
const PALETTE = ['#2a9d3c', '#c0392b', '#8e44ad', '#7f6000', '#17a2b8', '#555555'];

interface Series {
  readonly name: string;
  readonly colour: string;
  readonly xs: readonly number[];
  readonly ys: readonly number[];
}

interface Reference {
  readonly name: string;
  readonly colour: string;
  readonly y: number;
  readonly dash: string;
}

interface Panel {
  readonly title: string;
  readonly xLabel: string;
  readonly series: readonly Series[];
  readonly references: readonly Reference[];
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const n = (value: number) => value.toFixed(1);

function seriesName(condition: ConditionReport): string {
  const policy = condition.policy && condition.policy !== 'boundary-pairs' ? ` ${condition.policy}` : '';
  return `${condition.model} ${condition.condition}${policy}`;
}

function colourFor(condition: ConditionReport, index: number): string {
  const plain =
    condition.condition === 'curated' && (condition.policy ?? 'boundary-pairs') === 'boundary-pairs';
  return (plain ? MODEL_COLOURS[condition.model] : undefined) ?? PALETTE[index % PALETTE.length]!;
}

function panelsFor(report: ReplayReport, byLabels: boolean): Panel[] {
  return report.tasks.map((task) => {
    const curves = report.conditions.filter(
      (c) => c.task === task.task && c.kappaPerIteration && c.kappaPerIteration.length > 0,
    );
    const series = curves.map((c, index) => {
      const ys = c.kappaPerIteration!;
      const xs = byLabels && c.expertLabelsPerIteration ? c.expertLabelsPerIteration : ys.map((_, i) => i);
      return { name: seriesName(c), colour: colourFor(c, index), xs, ys };
    });
    const references: Reference[] = [
      {
        name: `experts ${formatKappa(task.expertPairwiseKappa)}`,
        colour: '#333333',
        y: task.expertPairwiseKappa,
        dash: '6 4',
      },
      ...report.conditions
        .filter((c) => c.task === task.task && c.condition === 'crowd-baseline')
        .map((c) => ({
          name: `${c.model} crowd ${formatKappa(c.kappaModelExpert)}`,
          colour: MODEL_COLOURS[c.model] ?? '#777777',
          y: c.kappaModelExpert,
          dash: '2 3',
        })),
    ];
    const title = byLabels ? `${task.task}: kappa vs expert labels` : `${task.task}: kappa per iteration`;
    return { title, xLabel: byLabels ? 'expert-labelled items' : 'iteration', series, references };
  });
}

function renderPanel(panel: Panel, originX: number, originY: number): string {
  const plotWidth = PANEL_WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const allX = panel.series.flatMap((s) => s.xs);
  const allY = [...panel.series.flatMap((s) => s.ys), ...panel.references.map((r) => r.y)].filter(
    Number.isFinite,
  );
  const xMax = Math.max(1, ...allX);
  const yMin = Math.min(0, Math.floor(Math.min(...allY, 0) * 10) / 10);
  const px = (x: number) => originX + MARGIN.left + (x / xMax) * plotWidth;
  const py = (y: number) => originY + MARGIN.top + (1 - (y - yMin) / (1 - yMin)) * plotHeight;
  const out: string[] = [];
  out.push(
    `<text x="${n(originX + MARGIN.left)}" y="${n(originY + 20)}" font-weight="bold">${escapeXml(panel.title)}</text>`,
  );
  for (let tick = Math.ceil(yMin * 5) / 5; tick <= 1.0001; tick += 0.2) {
    const y = py(tick);
    out.push(`<line x1="${n(px(0))}" y1="${n(y)}" x2="${n(px(xMax))}" y2="${n(y)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${n(px(0) - 6)}" y="${n(y + 4)}" text-anchor="end">${formatKappa(tick)}</text>`);
  }
  const xStep = xMax <= 10 ? 1 : Math.ceil(xMax / 6 / 50) * 50;
  for (let tick = 0; tick <= xMax; tick += xStep) {
    out.push(`<text x="${n(px(tick))}" y="${n(py(yMin) + 16)}" text-anchor="middle">${tick}</text>`);
  }
  out.push(
    `<text x="${n(px(xMax / 2))}" y="${n(py(yMin) + 32)}" text-anchor="middle">${escapeXml(panel.xLabel)}</text>`,
  );
  out.push(
    `<rect x="${n(px(0))}" y="${n(py(1))}" width="${n(plotWidth)}" height="${n(plotHeight)}" fill="none" stroke="#999999"/>`,
  );
  const legend: { name: string; colour: string; dash?: string }[] = [];
  for (const reference of panel.references) {
    if (!Number.isFinite(reference.y)) continue;
    out.push(
      `<line x1="${n(px(0))}" y1="${n(py(reference.y))}" x2="${n(px(xMax))}" y2="${n(py(reference.y))}" stroke="${reference.colour}" stroke-dasharray="${reference.dash}"/>`,
    );
    legend.push({ name: reference.name, colour: reference.colour, dash: reference.dash });
  }
  for (const series of panel.series) {
    const points = series.xs.map((x, i) => `${n(px(x))},${n(py(series.ys[i] ?? 0))}`).join(' ');
    out.push(`<polyline points="${points}" fill="none" stroke="${series.colour}" stroke-width="2"/>`);
    for (let i = 0; i < series.xs.length; i++) {
      out.push(
        `<circle cx="${n(px(series.xs[i]!))}" cy="${n(py(series.ys[i] ?? 0))}" r="2.5" fill="${series.colour}"/>`,
      );
    }
    legend.push({ name: series.name, colour: series.colour });
  }
  legend.forEach((entry, index) => {
    const x = originX + PANEL_WIDTH - MARGIN.right + 10;
    const y = originY + MARGIN.top + 6 + index * 16;
    const dash = entry.dash ? ` stroke-dasharray="${entry.dash}"` : '';
    out.push(
      `<line x1="${n(x)}" y1="${n(y)}" x2="${n(x + 16)}" y2="${n(y)}" stroke="${entry.colour}" stroke-width="2"${dash}/>`,
    );
    out.push(`<text x="${n(x + 20)}" y="${n(y + 4)}">${escapeXml(entry.name)}</text>`);
  });
  return out.join('\n');
}

/**
 * `kappa.svg`: model-expert kappa per iteration for every curated condition, one panel per task, with the
 * expert ceiling and the crowd baselines drawn as dashed lines. When several policies ran, a second row plots
 * kappa against expert-labelled items (label efficiency). Deterministic: same report, same bytes.
 */
export function renderKappaSvg(report: ReplayReport): string {
  const policies = new Set(report.conditions.filter((c) => c.condition === 'curated').map((c) => c.policy));
  const rows = [panelsFor(report, false)];
  if (policies.size > 1) rows.push(panelsFor(report, true));
  const columns = Math.max(1, report.tasks.length);
  const width = columns * PANEL_WIDTH;
  const height = rows.length * PANEL_HEIGHT;
  const body = rows.flatMap((panels, row) =>
    panels.map((panel, column) => renderPanel(panel, column * PANEL_WIDTH, row * PANEL_HEIGHT)),
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
