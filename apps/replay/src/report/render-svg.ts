import { formatKappa } from './format';
import { findFigure, summaryOf } from './summary-of';
import type { CurveSummary, ReplayReport, SeedSummary } from './types';

const PANEL_WIDTH = 520;
const PANEL_HEIGHT = 360;
const MARGIN = { top: 34, right: 190, bottom: 46, left: 62 } as const;
const PALETTE = ['#1f6fb4', '#c0392b', '#2a9d3c', '#8e44ad', '#e07b10', '#17a2b8', '#555555'];
/** Flat references: the ceiling and the baselines that do not iterate. */
const REFERENCE_BASELINES = ['crowd-baseline', 'single-annotator'] as const;

interface Reference {
  readonly name: string;
  readonly colour: string;
  readonly y: number;
  readonly dash: string;
  /** Written on the line itself, at its left end. */
  readonly tag?: string;
}

interface Panel {
  readonly title: string;
  readonly yTitle: string;
  readonly curves: readonly CurveSummary[];
  readonly references: readonly Reference[];
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const n = (value: number) => value.toFixed(1);

/** A run's name in the legend: its policy, or the baseline it is. */
function curveName(curve: CurveSummary): string {
  return curve.condition === 'curated' ? curve.policy : `${curve.condition} (baseline)`;
}

function panelsOf(report: ReplayReport, summary: SeedSummary): Panel[][] {
  const tasks = [...new Set(summary.curves.map((curve) => curve.task))];
  const models = [...new Set(summary.curves.map((curve) => curve.model))];
  const several = summary.seeds.length > 1;
  return tasks.map((task) => {
    const auditItems = report.tasks.find((row) => row.task === task)?.auditItems;
    const ceiling = findFigure(summary, { task }, 'expertPairwiseKappa');
    return models.map((model) => {
      const references: Reference[] = [];
      if (ceiling !== undefined && Number.isFinite(ceiling.mean)) {
        references.push({
          name: `ceiling (expert pairwise) ${formatKappa(ceiling.mean)}`,
          colour: '#222222',
          y: ceiling.mean,
          dash: '7 4',
          tag: 'ceiling: agreement between experts',
        });
      }
      for (const baseline of REFERENCE_BASELINES) {
        const figure = findFigure(summary, { task, model, condition: baseline }, 'kappaAudit');
        if (figure === undefined || !Number.isFinite(figure.mean)) continue;
        references.push({
          name: `${baseline} ${formatKappa(figure.mean)}`,
          colour: '#777777',
          y: figure.mean,
          dash: '2 3',
        });
      }
      return {
        title: `${task} / ${model}${several ? `: mean and 95% band over ${summary.seeds.length} seeds` : ': one seed'}`,
        yTitle: `Cohen's kappa vs expert majority, audit set${auditItems === undefined ? '' : ` (${auditItems} items)`}`,
        curves: summary.curves.filter((curve) => curve.task === task && curve.model === model),
        references,
      };
    });
  });
}

interface LegendEntry {
  readonly name: string;
  readonly colour: string;
  readonly dash?: string;
  readonly band?: boolean;
}

/** A panel's scales: expert labels to x, kappa to y (from `yMin` to 1). */
interface Frame {
  readonly px: (x: number) => number;
  readonly py: (y: number) => number;
  readonly xMax: number;
  readonly yMin: number;
  readonly width: number;
  readonly height: number;
}

function frameOf(panel: Panel, originX: number, originY: number): Frame {
  const width = PANEL_WIDTH - MARGIN.left - MARGIN.right;
  const height = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const xs = panel.curves.flatMap((curve) => curve.points.map((point) => point.expertLabels));
  const means = panel.curves.flatMap((curve) => curve.points.map((point) => point.kappa));
  const xMax = Math.max(1, ...xs);
  // Room below zero: at least -.4, lower when a mean goes below -.3 (bands are clipped to the plot, kappa >= -1).
  const yMin = Math.max(
    -1,
    Math.min(-0.4, Math.floor((Math.min(...means.filter(Number.isFinite), 0) - 0.1) * 5) / 5),
  );
  return {
    px: (x) => originX + MARGIN.left + (x / xMax) * width,
    py: (y) => originY + MARGIN.top + (1 - (y - yMin) / (1 - yMin)) * height,
    xMax,
    yMin,
    width,
    height,
  };
}

/** Title, clip region, grid, tick labels, both axis titles and the plot's border. */
function renderAxes(panel: Panel, frame: Frame, originX: number, originY: number, clip: string): string[] {
  const { px, py, xMax, yMin, width, height } = frame;
  const out = [
    `<text x="${n(originX + MARGIN.left)}" y="${n(originY + 20)}" font-weight="bold">${escapeXml(panel.title)}</text>`,
    `<clipPath id="${clip}"><rect x="${n(px(0))}" y="${n(py(1))}" width="${n(width)}" height="${n(height)}"/></clipPath>`,
  ];
  for (let step = Math.ceil(yMin * 5); step <= 5; step++) {
    const tick = step / 5;
    const y = py(tick);
    const stroke = step === 0 ? '#b0b0b0' : '#e8e8e8';
    out.push(`<line x1="${n(px(0))}" y1="${n(y)}" x2="${n(px(xMax))}" y2="${n(y)}" stroke="${stroke}"/>`);
    out.push(`<text x="${n(px(0) - 6)}" y="${n(y + 4)}" text-anchor="end">${formatKappa(tick)}</text>`);
  }
  const xStep = Math.max(50, Math.ceil(xMax / 6 / 50) * 50);
  for (let tick = 0; tick <= xMax; tick += xStep) {
    out.push(`<text x="${n(px(tick))}" y="${n(py(yMin) + 16)}" text-anchor="middle">${tick}</text>`);
  }
  out.push(
    `<text x="${n(px(xMax / 2))}" y="${n(py(yMin) + 34)}" text-anchor="middle">expert labels used (items sent to the experts)</text>`,
  );
  const yMid = py((1 + yMin) / 2);
  const yTitleX = originX + 16;
  out.push(
    `<text x="${n(yTitleX)}" y="${n(yMid)}" font-size="10" text-anchor="middle" transform="rotate(-90 ${n(yTitleX)} ${n(yMid)})">${escapeXml(panel.yTitle)}</text>`,
  );
  out.push(
    `<rect x="${n(px(0))}" y="${n(py(1))}" width="${n(width)}" height="${n(height)}" fill="none" stroke="#999999"/>`,
  );
  return out;
}

/** The flat lines (ceiling, baselines), each with its legend entry. */
function renderReferences(panel: Panel, frame: Frame, out: string[], legend: LegendEntry[]): void {
  const { px, py, xMax } = frame;
  for (const reference of panel.references) {
    out.push(
      `<line x1="${n(px(0))}" y1="${n(py(reference.y))}" x2="${n(px(xMax))}" y2="${n(py(reference.y))}" stroke="${reference.colour}" stroke-width="1.5" stroke-dasharray="${reference.dash}"/>`,
    );
    if (reference.tag !== undefined) {
      out.push(
        `<text x="${n(px(0) + 4)}" y="${n(py(reference.y) - 4)}" font-size="10" fill="${reference.colour}">${escapeXml(reference.tag)}</text>`,
      );
    }
    legend.push({ name: reference.name, colour: reference.colour, dash: reference.dash });
  }
}

/** Each curve: its band (clipped to the plot), its mean line and points, and its legend entry. */
function renderCurves(panel: Panel, frame: Frame, clip: string, out: string[], legend: LegendEntry[]): void {
  const { px, py } = frame;
  panel.curves.forEach((curve, index) => {
    const colour = PALETTE[index % PALETTE.length]!;
    const points = curve.points.filter((point) => Number.isFinite(point.kappa));
    const banded = points.filter((point) => point.band !== null);
    if (banded.length > 1) {
      const upper = banded.map((point) => `${n(px(point.expertLabels))},${n(py(point.band![1]))}`);
      const lower = banded.map((point) => `${n(px(point.expertLabels))},${n(py(point.band![0]))}`).reverse();
      out.push(
        `<polygon points="${[...upper, ...lower].join(' ')}" fill="${colour}" fill-opacity="0.15" stroke="none" clip-path="url(#${clip})"/>`,
      );
    }
    const line = points.map((point) => `${n(px(point.expertLabels))},${n(py(point.kappa))}`).join(' ');
    out.push(`<polyline points="${line}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const point of points) {
      out.push(
        `<circle cx="${n(px(point.expertLabels))}" cy="${n(py(point.kappa))}" r="2.5" fill="${colour}"/>`,
      );
    }
    legend.push({
      name: `${curveName(curve)} (area ${formatKappa(curve.area.mean)})`,
      colour,
      band: banded.length > 1,
    });
  });
}

function renderLegend(legend: readonly LegendEntry[], originX: number, originY: number, out: string[]): void {
  legend.forEach((entry, index) => {
    const x = originX + PANEL_WIDTH - MARGIN.right + 10;
    const y = originY + MARGIN.top + 8 + index * 18;
    if (entry.band) {
      out.push(
        `<rect x="${n(x)}" y="${n(y - 5)}" width="16" height="10" fill="${entry.colour}" fill-opacity="0.15"/>`,
      );
    }
    const dash = entry.dash ? ` stroke-dasharray="${entry.dash}"` : '';
    out.push(
      `<line x1="${n(x)}" y1="${n(y)}" x2="${n(x + 16)}" y2="${n(y)}" stroke="${entry.colour}" stroke-width="2"${dash}/>`,
    );
    out.push(`<text x="${n(x + 20)}" y="${n(y + 4)}">${escapeXml(entry.name)}</text>`);
  });
}

function renderPanel(panel: Panel, originX: number, originY: number, clip: string): string {
  const frame = frameOf(panel, originX, originY);
  const out = renderAxes(panel, frame, originX, originY, clip);
  const legend: LegendEntry[] = [];
  renderReferences(panel, frame, out, legend);
  renderCurves(panel, frame, clip, out, legend);
  renderLegend(legend, originX, originY, out);
  return out.join('\n');
}

/**
 * `kappa.svg`: label efficiency, one panel per (task, model): audit-set kappa (against the expert majority)
 * against expert labels used, per policy (and per baseline that iterates), the mean over seeds with its 95% band;
 * the ceiling (expert pairwise kappa) and the flat baselines as dashed lines. Deterministic: same report, same
 * bytes.
 */
export function renderKappaSvg(report: ReplayReport): string {
  const summary = summaryOf(report);
  const rows = panelsOf(report, summary);
  const columns = Math.max(1, ...rows.map((row) => row.length));
  const width = columns * PANEL_WIDTH;
  const height = Math.max(1, rows.length) * PANEL_HEIGHT;
  const body = rows.flatMap((panels, row) =>
    panels.map((panel, column) =>
      renderPanel(panel, column * PANEL_WIDTH, row * PANEL_HEIGHT, `plot-${row}-${column}`),
    ),
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
