import { meanInterval } from '@borderline/agreement';
import { round } from '../round';
import type {
  ConditionReport,
  CurvePoint,
  CurveSummary,
  FigureSummary,
  PairedDifference,
  SeedFigure,
  SeedSummary,
  TaskReport,
} from './types';

/** One seed's rows. */
export interface SeedRows {
  readonly seed: number;
  readonly tasks: readonly TaskReport[];
  readonly conditions: readonly ConditionReport[];
}

/** The task figures of the table summarised over seeds. */
const TASK_FIGURES = [
  'crowdBenignShare',
  'expertPairwiseKappa',
  'crowdExpertKappa',
  'curatedItems',
  'curatedExpertPositiveShare',
] as const;

/** The condition figures of the table summarised over seeds. */
const CONDITION_FIGURES = [
  'iterations',
  'fineTuneExamples',
  'evalExamples',
  'positiveShare',
  'kappaModelExpert',
  'kappaAudit',
] as const;

/** The conditions a curated run is compared with, where present. */
export const BASELINES = ['crowd-baseline', 'random', 'single-annotator'] as const;

/** A figure over seeds from per-seed values (undefined or NaN: not defined for that seed), rounded for report.json. */
export function seedFigure(values: readonly (number | undefined)[]): SeedFigure {
  const numbers = values.map((value) => (value === undefined ? Number.NaN : value));
  const { n, mean, ci95 } = meanInterval(numbers);
  return {
    values: numbers.map((value) => (Number.isFinite(value) ? round(value) : null)),
    n,
    mean: round(mean),
    ci95: ci95 === null ? null : [round(ci95[0]), round(ci95[1])],
  };
}

const conditionKey = (row: ConditionReport) =>
  `${row.task}\u0000${row.model}\u0000${row.condition}\u0000${row.policy ?? ''}`;

/** Means and intervals over the seeds of every table figure, the paired differences and the curves. */
export function summariseSeeds(perSeed: readonly SeedRows[]): SeedSummary {
  const figures: FigureSummary[] = [];
  const first = perSeed[0]!;
  for (const task of first.tasks) {
    const rows = perSeed.map((seed) => seed.tasks.find((row) => row.task === task.task));
    for (const figure of TASK_FIGURES) {
      if (task[figure] === undefined) continue;
      figures.push({ task: task.task, figure, ...seedFigure(rows.map((row) => row?.[figure])) });
    }
  }
  for (const condition of first.conditions) {
    const rows = perSeed.map((seed) =>
      seed.conditions.find((row) => conditionKey(row) === conditionKey(condition)),
    );
    for (const figure of CONDITION_FIGURES) {
      if (condition[figure] === undefined) continue;
      figures.push({
        task: condition.task,
        model: condition.model,
        condition: condition.condition,
        ...(condition.policy === undefined ? {} : { policy: condition.policy }),
        figure,
        ...seedFigure(rows.map((row) => row?.[figure])),
      });
    }
  }
  return {
    seeds: perSeed.map((seed) => seed.seed),
    interval: 't95-over-seeds',
    figures,
    paired: pairedDifferences(perSeed),
    curves: curveSummaries(perSeed),
  };
}

/** curated - baseline per seed, for every curated policy and every baseline of each (task, model). */
function pairedDifferences(perSeed: readonly SeedRows[]): PairedDifference[] {
  const paired: PairedDifference[] = [];
  const first = perSeed[0]!;
  for (const curated of first.conditions.filter((row) => row.condition === 'curated')) {
    for (const baseline of BASELINES) {
      const pairs = perSeed.map((seed) => {
        const mine = seed.conditions.find((row) => conditionKey(row) === conditionKey(curated));
        const base = seed.conditions.find(
          (row) => row.task === curated.task && row.model === curated.model && row.condition === baseline,
        );
        return { mine, base };
      });
      if (pairs.every(({ base }) => base === undefined)) continue;
      const difference = (field: 'kappaModelExpert' | 'kappaAudit') =>
        seedFigure(
          pairs.map(({ mine, base }) => (mine?.[field] ?? Number.NaN) - (base?.[field] ?? Number.NaN)),
        );
      paired.push({
        task: curated.task,
        model: curated.model,
        policy: curated.policy ?? 'boundary-pairs',
        baseline,
        evaluation: difference('kappaModelExpert'),
        audit: difference('kappaAudit'),
      });
    }
  }
  return paired;
}

/** Label-efficiency curves of every run that iterated, areas over a common range per (task, model). */
function curveSummaries(perSeed: readonly SeedRows[]): CurveSummary[] {
  const first = perSeed[0]!;
  const kinds = first.conditions.filter((row) => (row.auditKappaPerIteration?.length ?? 0) > 0);
  // Per kind, its run in each seed.
  const runsOfKind = kinds.map((kind) =>
    perSeed.map((seed) => seed.conditions.find((row) => conditionKey(row) === conditionKey(kind))),
  );
  const ranges = areaRanges(kinds, runsOfKind);
  return kinds.map((kind, index) => {
    const runs = runsOfKind[index]!;
    const areaRange = ranges.get(rangeKey(kind))!;
    const areas = runs.map((run) =>
      run === undefined
        ? Number.NaN
        : normalisedArea(run.expertLabelsPerIteration ?? [], run.auditKappaPerIteration ?? [], areaRange),
    );
    return {
      task: kind.task,
      model: kind.model,
      condition: kind.condition,
      policy: kind.policy ?? kind.condition,
      points: curvePoints(runs),
      areaRange,
      area: seedFigure(areas),
    };
  });
}

/** The (task, model) of a row, as the key of its area range. */
function rangeKey(row: ConditionReport): string {
  return `${row.task}\u0000${row.model}`;
}

/**
 * Per (task, model), keyed by {@link rangeKey}: the expert-label range its runs' curves span, over every seed (the
 * area's common range). `runsOfKind[index]` are the runs of `kinds[index]`, one per seed.
 */
function areaRanges(
  kinds: readonly ConditionReport[],
  runsOfKind: readonly (readonly (ConditionReport | undefined)[])[],
): Map<string, [number, number]> {
  const ranges = new Map<string, [number, number]>();
  for (const [index, kind] of kinds.entries()) {
    const key = rangeKey(kind);
    const range = ranges.get(key) ?? [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (const run of runsOfKind[index]!) {
      const xs = run?.expertLabelsPerIteration ?? [];
      if (xs.length === 0) continue;
      range[0] = Math.min(range[0], xs[0]!);
      range[1] = Math.max(range[1], xs.at(-1)!);
    }
    ranges.set(key, range);
  }
  return ranges;
}

/** One run kind's curve: per iteration, the audit kappa and expert labels over the seeds that reached it. */
function curvePoints(runs: readonly (ConditionReport | undefined)[]): CurvePoint[] {
  const length = Math.max(...runs.map((run) => run?.auditKappaPerIteration?.length ?? 0));
  const points: CurvePoint[] = [];
  for (let iteration = 0; iteration < length; iteration++) {
    const reached = runs.filter((run) => (run?.auditKappaPerIteration?.length ?? 0) > iteration);
    const kappa = seedFigure(reached.map((run) => run!.auditKappaPerIteration![iteration]));
    const labels = meanInterval(
      reached.map((run) => run!.expertLabelsPerIteration?.[iteration] ?? Number.NaN),
    );
    points.push({
      iteration,
      expertLabels: round(labels.mean, 1),
      kappa: kappa.mean,
      band: kappa.ci95,
      n: kappa.n,
    });
  }
  return points;
}

/**
 * The area under the piecewise-linear curve (xs, ys) over [from, to], divided by to - from: the curve's mean
 * height there. Before its first point and after its last the curve is held flat (a run that stopped keeps its
 * model). Points with an undefined y are skipped; NaN when none is defined or the range is empty.
 */
export function normalisedArea(
  xs: readonly number[],
  ys: readonly number[],
  [from, to]: readonly [number, number],
): number {
  const points: [number, number][] = [];
  for (let index = 0; index < Math.min(xs.length, ys.length); index++) {
    if (Number.isFinite(ys[index]) && Number.isFinite(xs[index])) points.push([xs[index]!, ys[index]!]);
  }
  if (points.length === 0 || !(to > from)) return Number.NaN;
  const at = (x: number) => {
    if (x <= points[0]![0]) return points[0]![1];
    for (let index = 1; index < points.length; index++) {
      const [x1, y1] = points[index]!;
      if (x <= x1) {
        const [x0, y0] = points[index - 1]!;
        return x1 === x0 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
      }
    }
    return points.at(-1)![1];
  };
  const breaks = [from, ...points.map(([x]) => x).filter((x) => x > from && x < to), to];
  let area = 0;
  for (let index = 1; index < breaks.length; index++) {
    const [a, b] = [breaks[index - 1]!, breaks[index]!];
    area += ((at(a) + at(b)) / 2) * (b - a);
  }
  return area / (to - from);
}
