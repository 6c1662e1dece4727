import { invalidArgument } from '@borderline/core';
import { formatCount, formatKappa, formatShare } from './format';
import {
  type ConditionReport,
  PAPER_FIGURES,
  type PaperTaskFigures,
  type ReplayReport,
  type TaskReport,
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

function findCondition(report: ReplayReport, task: string, model: string, condition: string) {
  return report.conditions.find((c) => c.task === task && c.model === model && c.condition === condition);
}

/** True when every task of the report has published figures to compare with. */
export function hasPaperFigures(report: ReplayReport): boolean {
  return report.tasks.length > 0 && report.tasks.every((t) => PAPER_FIGURES.some((p) => p.task === t.task));
}

function arrow(from: number | undefined, to: number | undefined): string {
  return `${formatKappa(from)} -> ${formatKappa(to)}`;
}

type RowSource = (
  paper: PaperTaskFigures,
  ours: TaskReport,
  report: ReplayReport,
) => readonly [string, string];

const PAPER_ROWS: readonly (readonly [string, RowSource])[] = [
  [
    'crowd training data',
    (paper, ours) => [
      paper.crowdLabels,
      `${formatCount(ours.poolSize)}, ${formatShare(ours.crowdBenignShare)} benign`,
    ],
  ],
  [
    'curated iterations (large)',
    (paper, ours, report) => [
      String(paper.iterations),
      String(findCurated(report, ours.task, 'large')?.iterations ?? 'n/a'),
    ],
  ],
  [
    'curated fine-tune + eval (large)',
    (paper, ours, report) => {
      const curated = findCurated(report, ours.task, 'large');
      const mine = curated ? `${curated.fineTuneExamples} + ${curated.evalExamples}` : 'n/a';
      return [`~${paper.fineTuneExamples} + ~${paper.evalExamples}`, mine];
    },
  ],
  [
    'curated positive share (large)',
    (paper, ours, report) => [
      `~${formatShare(paper.positiveShare)}`,
      formatShare(findCurated(report, ours.task, 'large')?.positiveShare),
    ],
  ],
  [
    'expert pairwise kappa (ceiling)',
    (paper, ours) => [formatKappa(paper.expertPairwiseKappa), formatKappa(ours.expertPairwiseKappa)],
  ],
  [
    'crowd vs experts kappa (curated set)',
    (paper, ours) => [formatKappa(paper.crowdExpertKappa), formatKappa(ours.crowdExpertKappa)],
  ],
  ...(['large', 'small'] as const).map(
    (model) =>
      [
        `${model}: crowd baseline -> curated`,
        (paper: PaperTaskFigures, ours: TaskReport, report: ReplayReport) =>
          [
            model === 'large' ? arrow(paper.large[0], paper.large[1]) : paper.small,
            arrow(
              findCondition(report, ours.task, model, 'crowd-baseline')?.kappaModelExpert,
              findCurated(report, ours.task, model)?.kappaModelExpert,
            ),
          ] as const,
      ] as const,
  ),
  ...(['large', 'small'] as const).map(
    (model) =>
      [
        `${model}: audit kappa, baseline -> curated`,
        (_paper: PaperTaskFigures, ours: TaskReport, report: ReplayReport) =>
          [
            '-',
            arrow(
              findCondition(report, ours.task, model, 'crowd-baseline')?.kappaAudit,
              findCurated(report, ours.task, model)?.kappaAudit,
            ),
          ] as const,
      ] as const,
  ),
];

/** The paper's table with our figures beside it: one row per figure, a paper and an ours column per task. */
export function paperComparisonTable(report: ReplayReport): Table {
  const pairs = report.tasks.map((ours) => {
    const paper = PAPER_FIGURES.find((p) => p.task === ours.task);
    if (!paper) throw invalidArgument('paperComparisonTable', `no published figures for task "${ours.task}"`);
    return { paper, ours };
  });
  const header = ['', ...pairs.flatMap(({ paper }) => [`${paper.label}: paper`, 'ours'])];
  const rows = PAPER_ROWS.map(([name, source]) => [
    name,
    ...pairs.flatMap(({ paper, ours }) => source(paper, ours, report)),
  ]);
  return { header, rows };
}

/** Every condition of the report, one row each. */
export function conditionsTable(report: ReplayReport): Table {
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

/** One row per task: the ceiling and the crowd's quality. */
export function tasksTable(report: ReplayReport): Table {
  const header = ['task', 'pool', 'crowd benign', 'expert kappa', 'crowd-expert kappa', 'curated items'];
  const rows = report.tasks.map((t) => [
    t.task,
    formatCount(t.poolSize),
    formatShare(t.crowdBenignShare),
    formatKappa(t.expertPairwiseKappa),
    formatKappa(t.crowdExpertKappa),
    t.curatedItems === undefined ? '-' : formatCount(t.curatedItems),
  ]);
  return { header, rows };
}
