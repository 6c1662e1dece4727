import { replayDataset } from './dataset-scenario';
import { findingsOf } from './findings';
import { type ReplayOptions, resolveOptions } from './options';
import { replayPaperTasks } from './paper-tasks';
import { createProgress } from './progress';
import { type ConditionReport, type ReplayReport, renderReportTable, type TaskReport } from './report';
import { createStopwatch } from './stopwatch';
import { writeReport } from './write-report';

/** What `run` hands back: the report (also printed as a table) and the files written. */
export interface ReplayResult {
  readonly report: ReplayReport;
  readonly files: readonly string[];
}

/**
 * Replays the paper's experiment (or a dataset's recorded labels), prints progress and the table with the paper's
 * figures beside ours, and with `out` writes report.json, report.md and kappa.svg.
 */
export async function run(options: ReplayOptions = {}): Promise<ReplayResult> {
  const resolved = resolveOptions(options);
  const stopwatch = createStopwatch();
  const progress = createProgress(resolved.stdout, resolved.quiet);
  const tasks: TaskReport[] = [];
  const conditions: ConditionReport[] = [];
  if (resolved.scenario === 'paper') {
    for (const outcome of await replayPaperTasks(resolved, stopwatch, progress)) {
      tasks.push(outcome.task);
      conditions.push(...outcome.conditions);
    }
  } else {
    const outcome = await replayDataset(resolved, stopwatch, progress);
    tasks.push(outcome.task);
    conditions.push(...outcome.conditions);
  }
  const baseline = resolved.scenario === 'paper' ? 'crowd-baseline' : 'random';
  const findings = findingsOf(conditions, baseline);
  if (resolved.scenario !== 'paper') findings.push(...findingsOf(conditions, 'single-annotator'));
  const report: ReplayReport = {
    scenario: resolved.scenario === 'dataset' ? `dataset:${tasks[0]?.task ?? ''}` : resolved.scenario,
    seed: resolved.seed,
    tasks,
    conditions,
    findings,
    timings: stopwatch.read(),
  };
  resolved.stdout.write(`${renderReportTable(report)}\n`);
  const files = resolved.out === undefined ? [] : await writeReport(resolved.out, report);
  for (const file of files) progress(`wrote ${file}`);
  return { report, files };
}
