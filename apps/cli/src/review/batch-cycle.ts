import { BorderlineError } from '@borderline/core';
import type { Output } from '../render/output';
import type { BatchProgress, ReviewBackend, ReviewBatch } from './review-backend';
import type { OpenedBackend } from './run-store-backend';

/** How long a complete batch stays open for an undo before `--auto-step` steps the loop. */
export const AUTO_STEP_SETTLE_MS = 5000;

/** What the review command serves from batch to batch. */
export interface BatchCycleOptions {
  /** The run directory as the user gave it (for messages). */
  readonly runDir: string;
  readonly output: Output;
  /** Opens the run's pending batch (refused with `run-state` when there is none). */
  readonly open: () => Promise<OpenedBackend>;
  /** With `--auto-step`: steps the loop and selects the next batch; resolves to whether both succeeded. */
  readonly step?: () => Promise<boolean>;
  /** Called when the run has no batch left to review (it stopped). */
  readonly onFinished: (why: string) => void;
  readonly settleMs?: number;
}

/** The batch being served, and the progress reports that move it on. */
export interface BatchCycle {
  /** The backend of the batch being served; undefined while the loop steps. */
  current(): ReviewBackend | undefined;
  /** Reports a committed change (prints the batch-complete line; schedules an auto-step). */
  changed(progress: BatchProgress): void;
  /** Waits for a step under way, then releases the run. */
  close(): Promise<void>;
}

/** One line about a batch: its iteration, items, pairs and experts per item. */
export function describeBatch(batch: ReviewBatch): string {
  const pairs = batch.units.filter((unit) => unit.kind === 'pair').length;
  return `review: iteration ${batch.iteration}, ${batch.items.length} item(s) (${pairs} boundary pair(s)), ${batch.expertsPerItem} expert(s) per item`;
}

/** Prints the batch-complete line on each change to complete (and the reverse after an undo). */
function completionReporter(output: Output, runDir: string, start: BatchProgress, autoStep: boolean) {
  let complete = false;
  const report = (progress: BatchProgress) => {
    if (progress.complete === complete) return;
    complete = progress.complete;
    output.result({ event: complete ? 'batch-complete' : 'batch-incomplete', ...progress }, () =>
      complete
        ? `batch complete: run \`borderline step ${runDir}\`${autoStep ? ` (--auto-step steps it in ${AUTO_STEP_SETTLE_MS / 1000} s unless a decision is undone)` : ''}`
        : `batch no longer complete (${progress.itemsDone} / ${progress.items} items): a decision was undone`,
    );
  };
  report(start);
  return report;
}

/**
 * Serves the run's pending batch and, with `step`, the next one once it is complete and has stayed so for
 * `settleMs` (an undo in that time keeps it open): the batch is released, the loop stepped, the next batch
 * opened. The page reloads when the iteration changes.
 */
export async function startBatchCycle(options: BatchCycleOptions): Promise<BatchCycle> {
  const { output, runDir } = options;
  let current: ReviewBackend | undefined;
  let report: (progress: BatchProgress) => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  let stepping: Promise<void> | undefined;
  const serve = async () => {
    const opened = await options.open();
    for (const warning of opened.warnings) output.warn(`review: ${warning}`);
    current = opened.backend;
    report = completionReporter(output, runDir, await current.progress(), options.step !== undefined);
    return opened.backend;
  };
  const stepNow = async () => {
    const done = current;
    current = undefined;
    await done?.close();
    output.note(`review: the batch is complete; stepping the loop (--auto-step)`);
    const stepped = (await options.step?.()) ?? false;
    if (!stepped) output.warn('review: the step failed (see above); the batch stays open');
    try {
      output.note(describeBatch((await serve()).batch));
    } catch (error) {
      if (!BorderlineError.is(error) || error.code !== 'run-state') throw error;
      options.onFinished(`the run has no batch to review: ${error.message}`);
    }
  };
  const changed = (progress: BatchProgress) => {
    report(progress);
    if (options.step === undefined) return;
    clearTimeout(timer);
    if (!progress.complete) return;
    timer = setTimeout(() => {
      stepping = stepNow().catch((error) => options.onFinished(`auto-step failed: ${String(error)}`));
    }, options.settleMs ?? AUTO_STEP_SETTLE_MS);
  };
  const first = await (await serve()).progress();
  // A batch already complete when the review starts is stepped too (after the same pause).
  if (first.complete) changed(first);
  return {
    current: () => current,
    changed,
    close: async () => {
      clearTimeout(timer);
      await stepping;
      await current?.close();
      current = undefined;
    },
  };
}
