import { invalidArgument } from '@borderline/core';
import { differenceText } from './difference-text';
import { formatCount, formatKappa, formatShare } from './format';
import { type FigureQuery, findFigure, summaryOf } from './summary-of';
import {
  type ConditionReport,
  PAPER_FIGURES,
  type PaperTaskFigures,
  type ReplayReport,
  type SeedFigure,
  type SeedSummary,
} from './types';

/** A table as header + rows of cells, rendered by the terminal and markdown renderers alike. */
export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The curated run of a (task, model): the boundary-pairs policy when several policies ran. */
export function findCurated(report: ReplayReport, task: string, model: string): ConditionReport | undefined {
  const curated = report.conditions.filter(
    (c) => c.task === task && c.model === model && c.condition === 'curated',
  );
  return curated.find((c) => c.policy === undefined || c.policy === 'boundary-pairs') ?? curated[0];
}

/** True when every task of the report has published figures to compare with. */
export function hasPaperFigures(report: ReplayReport): boolean {
  const tasks = new Set(report.tasks.map((t) => t.task));
  return tasks.size > 0 && [...tasks].every((task) => PAPER_FIGURES.some((p) => p.task === task));
}

/** A kappa over seeds: ".63" (one seed) or ".63 [.55, .71]". */
export function kappaCell(figure: SeedFigure | undefined): string {
  if (figure === undefined) return 'n/a';
  if (figure.ci95 === null) return formatKappa(figure.mean);
  return `${formatKappa(figure.mean)} [${formatKappa(figure.ci95[0])}, ${formatKappa(figure.ci95[1])}]`;
}

/** A share over seeds: "15%" or "15% [12, 18]". */
export function shareCell(figure: SeedFigure | undefined): string {
  if (figure === undefined) return 'n/a';
  if (figure.ci95 === null) return formatShare(figure.mean);
  const point = (value: number) => String(Math.round(value * 100));
  return `${formatShare(figure.mean)} [${point(figure.ci95[0])}, ${point(figure.ci95[1])}]`;
}

/** A count over seeds: its mean, to one decimal unless whole. */
export function countCell(figure: SeedFigure | undefined): string {
  if (figure === undefined || !Number.isFinite(figure.mean)) return 'n/a';
  return Number.isInteger(figure.mean) ? formatCount(figure.mean) : figure.mean.toFixed(1);
}

type RowSource = (paper: PaperTaskFigures, task: string, summary: SeedSummary) => readonly [string, string];

const of = (summary: SeedSummary, query: FigureQuery, figure: string) => findFigure(summary, query, figure);
const curatedLarge = (task: string) => ({ task, model: 'large', condition: 'curated' });

function pairedCell(summary: SeedSummary, task: string, model: string, set: 'evaluation' | 'audit'): string {
  const paired = summary.paired.find(
    (entry) =>
      entry.task === task &&
      entry.model === model &&
      entry.baseline === 'crowd-baseline' &&
      entry.policy ===
        (findFigure(summary, { task, model, condition: 'curated' }, 'kappaModelExpert')?.policy ??
          'boundary-pairs'),
  );
  return paired === undefined ? 'n/a' : differenceText(paired[set]);
}

function modelRows(model: 'large' | 'small'): (readonly [string, RowSource])[] {
  const arrow = (summary: SeedSummary, task: string, figure: string) =>
    `${kappaCell(of(summary, { task, model, condition: 'crowd-baseline' }, figure))} -> ${kappaCell(of(summary, { task, model, condition: 'curated' }, figure))}`;
  return [
    [
      `${model}: crowd baseline -> curated (expert eval set)`,
      (paper, task, summary) => [
        model === 'large' ? `${formatKappa(paper.large[0])} -> ${formatKappa(paper.large[1])}` : paper.small,
        arrow(summary, task, 'kappaModelExpert'),
      ],
    ],
    [
      `${model}: curated - baseline, paired (expert eval set)`,
      (paper, task, summary) => [
        model === 'large' ? `+${formatKappa(paper.large[1] - paper.large[0])}` : '-',
        pairedCell(summary, task, model, 'evaluation'),
      ],
    ],
    [
      `${model}: audit kappa, baseline -> curated`,
      (_paper, task, summary) => ['-', arrow(summary, task, 'kappaAudit')],
    ],
    [
      `${model}: curated - baseline, paired (audit set)`,
      (_paper, task, summary) => ['-', pairedCell(summary, task, model, 'audit')],
    ],
  ];
}

const PAPER_ROWS: readonly (readonly [string, RowSource])[] = [
  [
    'crowd training data (benign share)',
    (paper, task, summary) => [paper.crowdLabels, shareCell(of(summary, { task }, 'crowdBenignShare'))],
  ],
  [
    'curated iterations (large)',
    (paper, task, summary) => [
      String(paper.iterations),
      countCell(of(summary, curatedLarge(task), 'iterations')),
    ],
  ],
  [
    'curated fine-tune + eval (large)',
    (paper, task, summary) => [
      `~${paper.fineTuneExamples} + ~${paper.evalExamples}`,
      `${countCell(of(summary, curatedLarge(task), 'fineTuneExamples'))} + ${countCell(of(summary, curatedLarge(task), 'evalExamples'))}`,
    ],
  ],
  [
    'curated positive share (large)',
    (paper, task, summary) => [
      `~${formatShare(paper.positiveShare)}`,
      shareCell(of(summary, curatedLarge(task), 'positiveShare')),
    ],
  ],
  [
    'expert pairwise kappa (ceiling)',
    (paper, task, summary) => [
      formatKappa(paper.expertPairwiseKappa),
      kappaCell(of(summary, { task }, 'expertPairwiseKappa')),
    ],
  ],
  [
    'crowd vs experts kappa (curated set)',
    (paper, task, summary) => [
      formatKappa(paper.crowdExpertKappa),
      kappaCell(of(summary, { task }, 'crowdExpertKappa')),
    ],
  ],
  ...modelRows('large'),
  ...modelRows('small'),
  [
    'LLM-0 kappa, audit set',
    (_paper, task, summary) => [
      '-',
      kappaCell(of(summary, { task, model: 'zero-shot', condition: 'llm-0' }, 'kappaAudit')),
    ],
  ],
];

/** The paper's table with ours beside it (means, and 95% intervals over seeds): a paper and an ours column per task. */
export function paperComparisonTable(report: ReplayReport): Table {
  const summary = summaryOf(report);
  const tasks = [...new Set(report.tasks.map((t) => t.task))];
  const pairs = tasks.map((task) => {
    const paper = PAPER_FIGURES.find((p) => p.task === task);
    if (!paper) throw invalidArgument('paperComparisonTable', `no published figures for task "${task}"`);
    return { paper, task };
  });
  const header = ['', ...pairs.flatMap(({ paper }) => [`${paper.label}: paper`, 'ours'])];
  const rows = PAPER_ROWS.map(([name, source]) => [
    name,
    ...pairs.flatMap(({ paper, task }) => source(paper, task, summary)),
  ]);
  return { header, rows };
}

/** The paired differences curated - baseline per (task, model, policy, baseline), on both sets: the lead table. */
export function pairedTable(report: ReplayReport): Table {
  const summary = summaryOf(report);
  const header = [
    'task',
    'model',
    'policy',
    'baseline',
    'eval: curated - baseline',
    'audit: curated - baseline',
    'seeds',
  ];
  const rows = summary.paired.map((entry) => [
    entry.task,
    entry.model,
    entry.policy,
    entry.baseline,
    differenceText(entry.evaluation),
    differenceText(entry.audit),
    String(entry.evaluation.n),
  ]);
  return { header, rows };
}

/** Label-efficiency areas: the normalised area under each audit-kappa curve, mean [95% interval] over seeds. */
export function curvesTable(report: ReplayReport): Table {
  const summary = summaryOf(report);
  const header = ['task', 'model', 'run', 'expert labels', 'final audit kappa', 'area (audit kappa)'];
  const rows = summary.curves.map((curve) => {
    const last = curve.points.at(-1);
    const run = curve.condition === 'curated' ? curve.policy : `${curve.condition} (baseline)`;
    return [
      curve.task,
      curve.model,
      run,
      `${Math.round(curve.areaRange[0])}-${Math.round(curve.areaRange[1])}`,
      last === undefined ? 'n/a' : kappaCell({ values: [], n: last.n, mean: last.kappa, ci95: last.band }),
      kappaCell(curve.area),
    ];
  });
  return { header, rows };
}

/** Every condition: per row for one seed; over several seeds, the means and intervals of each condition. */
export function conditionsTable(report: ReplayReport): Table {
  const summary = summaryOf(report);
  const header = [
    'task',
    'model',
    'condition',
    'policy',
    'iter',
    'fine-tune',
    'eval',
    'pos.',
    'kappa',
    '95% CI',
    'audit',
  ];
  if (summary.seeds.length > 1) return { header, rows: conditionMeanRows(summary) };
  const rows = report.conditions.map((c) => [
    c.task,
    c.model,
    c.condition,
    c.policy ?? '-',
    String(c.iterations),
    String(c.fineTuneExamples),
    String(c.evalExamples),
    formatShare(c.positiveShare),
    formatKappa(c.kappaModelExpert),
    c.kappaCi95 ? `[${formatKappa(c.kappaCi95[0])}, ${formatKappa(c.kappaCi95[1])}]` : '-',
    c.kappaAudit === undefined ? '-' : formatKappa(c.kappaAudit),
  ]);
  return { header, rows };
}

/** The conditions table's rows over several seeds: each condition's means and intervals. */
function conditionMeanRows(summary: SeedSummary): string[][] {
  const keys = new Map<string, FigureQuery>();
  for (const entry of summary.figures) {
    if (entry.condition === undefined) continue;
    const query = {
      task: entry.task,
      model: entry.model,
      condition: entry.condition,
      policy: entry.policy,
    };
    keys.set(JSON.stringify(query), query);
  }
  return [...keys.values()].map((query) => {
    const get = (figure: string) => of(summary, query, figure);
    const kappa = get('kappaModelExpert');
    return [
      query.task,
      query.model ?? '-',
      query.condition ?? '-',
      query.policy ?? '-',
      countCell(get('iterations')),
      countCell(get('fineTuneExamples')),
      countCell(get('evalExamples')),
      shareCell(get('positiveShare')),
      kappa === undefined ? 'n/a' : formatKappa(kappa.mean),
      kappa?.ci95 ? `[${formatKappa(kappa.ci95[0])}, ${formatKappa(kappa.ci95[1])}] seeds` : '-',
      kappaCell(get('kappaAudit')),
    ];
  });
}

/** One row per task: the ceiling and the crowd's quality (means and intervals over seeds). */
export function tasksTable(report: ReplayReport): Table {
  const summary = summaryOf(report);
  const header = ['task', 'pool', 'crowd benign', 'expert kappa', 'crowd-expert kappa', 'curated items'];
  const tasks = [...new Map(report.tasks.map((t) => [t.task, t])).values()];
  const rows = tasks.map((t) => [
    t.task,
    formatCount(t.poolSize),
    shareCell(of(summary, { task: t.task }, 'crowdBenignShare')),
    kappaCell(of(summary, { task: t.task }, 'expertPairwiseKappa')),
    kappaCell(of(summary, { task: t.task }, 'crowdExpertKappa')),
    countCell(of(summary, { task: t.task }, 'curatedItems')),
  ]);
  return { header, rows };
}
