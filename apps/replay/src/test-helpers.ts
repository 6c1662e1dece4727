import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReplayOptions } from './options';
import type { ConditionReport, ReplayReport } from './report';
import { type ReplayResult, run } from './run';

/** A replay run in-process with a temp `out` folder and captured output. */
export interface CapturedRun extends ReplayResult {
  readonly output: string;
  readonly dir: string;
  readonly json: string;
}

/** Runs the replay into a fresh temp folder, capturing everything it prints; a failed run removes its folder. */
export async function runCaptured(options: ReplayOptions): Promise<CapturedRun> {
  const dir = await mkdtemp(join(tmpdir(), 'borderline-replay-'));
  let output = '';
  const stdout = {
    write: (text: string) => {
      output += text;
    },
  };
  try {
    const result = await run({ ...options, out: dir, stdout });
    const json = await readFile(join(dir, 'report.json'), 'utf8');
    return { ...result, output, dir, json };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Removes a captured run's folder. */
export async function cleanUp(captured: CapturedRun | undefined): Promise<void> {
  if (captured !== undefined) await rm(captured.dir, { recursive: true, force: true });
}

/**
 * The exact bytes of report.json before its `timings` field (the last field, and the only wall-clock part):
 * timings are removed, not zeroed, and everything else is compared byte for byte.
 */
export function withoutTimings(json: string): string {
  const cut = json.indexOf('\n  "timings": ');
  if (cut < 0) throw new Error('report.json has no top-level timings field');
  return json.slice(0, cut);
}

/** The conditions of a (task, model, condition[, policy]). */
export function pick(
  report: ReplayReport,
  task: string,
  model: string,
  condition: string,
  policy?: string,
): ConditionReport {
  const found = report.conditions.find(
    (row) =>
      row.task === task &&
      row.model === model &&
      row.condition === condition &&
      (policy === undefined || row.policy === policy),
  );
  if (found === undefined) throw new Error(`no condition ${task}/${model}/${condition}/${policy ?? '*'}`);
  return found;
}
