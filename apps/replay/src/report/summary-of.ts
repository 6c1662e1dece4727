import { type SeedRows, summariseSeeds } from './summarise';
import type { FigureSummary, ReplayReport, SeedSummary } from './types';

/** The report's seed summary; for a report made without one, the summary of its rows as one seed. */
export function summaryOf(report: ReplayReport): SeedSummary {
  if (report.summary !== undefined) return report.summary;
  const rows: SeedRows = { seed: report.seed, tasks: report.tasks, conditions: report.conditions };
  return summariseSeeds([rows]);
}

/** Which figure of the summary: a task's (no model), or a condition's. */
export interface FigureQuery {
  readonly task: string;
  readonly model?: string;
  readonly condition?: string;
  /** For curated rows: the policy; the primary (boundary pairs, else the first) when left out. */
  readonly policy?: string;
}

/** Finds a figure of the summary; curated rows default to boundary pairs (else the first policy). */
export function findFigure(
  summary: SeedSummary,
  query: FigureQuery,
  figure: string,
): FigureSummary | undefined {
  const matching = summary.figures.filter(
    (entry) =>
      entry.figure === figure &&
      entry.task === query.task &&
      entry.model === query.model &&
      entry.condition === query.condition &&
      (query.policy === undefined || entry.policy === query.policy),
  );
  return matching.find((entry) => (entry.policy ?? 'boundary-pairs') === 'boundary-pairs') ?? matching[0];
}

/** Number of seeds behind a summary. */
export const seedCount = (summary: SeedSummary) => summary.seeds.length;

/** The seeds as a phrase: "one seed (1)", "5 seeds (1-5)", "3 seeds (1, 3, 7)". */
export function seedsText(seeds: readonly number[]): string {
  if (seeds.length === 1) return `one seed (${seeds[0]})`;
  const consecutive = seeds.every((seed, index) => index === 0 || seed === seeds[index - 1]! + 1);
  const list = consecutive ? `${seeds[0]}-${seeds.at(-1)}` : seeds.join(', ');
  return `${seeds.length} seeds (${list})`;
}
