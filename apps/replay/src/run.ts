import { findingsOf } from './findings';
import { type ReplayOptions, type ResolvedOptions, resolveOptions } from './options';
import type { TaskOutcome } from './paper-scenario';
import { createProgress } from './progress';
import { replayJobs, runJobs } from './replay-jobs';
import {
  type ConditionReport,
  type ReplayMethod,
  type ReplayReport,
  renderReportTable,
  type SeedRows,
  summariseSeeds,
  type TaskReport,
} from './report';
import { createStopwatch } from './stopwatch';

import { writeReport } from './write-report';

/** What `run` hands back: the report (also printed as a table) and the files written. */
export interface ReplayResult {
  readonly report: ReplayReport;
  readonly files: readonly string[];
}

/**
 * Replays the paper's experiment (or a dataset's recorded labels) once per seed, prints progress and the table
 * (means and intervals over the seeds, paired differences, the paper's figures beside ours), and with `out`
 * writes report.json, report.md and kappa.svg.
 */
export async function run(options: ReplayOptions = {}): Promise<ReplayResult> {
  const resolved = resolveOptions(options);
  const stopwatch = createStopwatch();
  const progress = createProgress(resolved.stdout, resolved.quiet);
  const jobs = replayJobs(resolved);
  const outcomes = await runJobs(jobs, resolved, stopwatch, progress);
  const several = resolved.seeds.length > 1;
  const perSeed: SeedRows[] = resolved.seeds.map((seed) => {
    const mine = outcomes.filter((_, index) => jobs[index]!.seed === seed);
    return { seed, ...rowsOf(mine, several ? seed : undefined) };
  });
  const summary = summariseSeeds(perSeed);
  const tasks = perSeed.flatMap((seed) => seed.tasks);
  const conditions = perSeed.flatMap((seed) => seed.conditions);
  const report: ReplayReport = {
    scenario: resolved.scenario === 'dataset' ? `dataset:${tasks[0]?.task ?? ''}` : resolved.scenario,
    seed: resolved.seed,
    seeds: resolved.seeds,
    method: methodOf(resolved),
    tasks,
    conditions,
    findings: findingsOf(summary),
    summary,
    timings: stopwatch.read(),
  };
  resolved.stdout.write(`${renderReportTable(report)}\n`);
  const files = resolved.out === undefined ? [] : await writeReport(resolved.out, report);
  for (const file of files) progress(`wrote ${file}`);
  return { report, files };
}

/** The method's options as the report records them. */
function methodOf(resolved: ResolvedOptions): ReplayMethod {
  return {
    policies: resolved.policies,
    embedder: resolved.embedder,
    selection: resolved.selection,
    firstBatch: resolved.firstBatch,
    pairScoring: resolved.pairScoring,
    sides: resolved.sides,
    uncertaintyShare: resolved.uncertaintyShare,
    prior: resolved.prior,
  };
}

/** One seed's task and condition rows, tagged with the seed when the replay ran several. */
function rowsOf(outcomes: readonly TaskOutcome[], seed: number | undefined) {
  const tag = <T extends TaskReport | ConditionReport>(row: T): T =>
    seed === undefined ? row : { seed, ...row };
  return {
    tasks: outcomes.map((outcome) => tag(outcome.task)),
    conditions: outcomes.flatMap((outcome) => outcome.conditions.map(tag)),
  };
}
