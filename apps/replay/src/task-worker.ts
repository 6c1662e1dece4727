import { parentPort } from 'node:worker_threads';
import type { AdsTask } from '@borderline/simulation';
import { resolveOptions } from './options';
import { replayPaperTask } from './paper-scenario';
import { createStopwatch } from './stopwatch';

/** What the main thread sends: one task of the paper scenario and the options that shape it. */
export interface TaskRequest {
  readonly task: AdsTask;
  readonly seed: number;
  readonly poolSize: number;
  readonly policies: readonly string[];
  readonly quiet: boolean;
}

/** What the worker sends back: progress lines, then the outcome and its stage timings (or the failure). */
export type TaskMessage =
  | { readonly type: 'progress'; readonly line: string }
  | {
      readonly type: 'done';
      readonly outcome: Awaited<ReturnType<typeof replayPaperTask>>;
      readonly stages: Record<string, number>;
    }
  | { readonly type: 'failed'; readonly message: string; readonly code?: string };

// One paper task on its own thread: the two tasks share nothing, so `run` replays them side by side on two cores.
parentPort?.once('message', async (request: TaskRequest) => {
  const post = (message: TaskMessage) => parentPort!.postMessage(message);
  try {
    const stopwatch = createStopwatch();
    const options = resolveOptions({
      seed: request.seed,
      poolSize: request.poolSize,
      policies: request.policies,
      quiet: request.quiet,
      stdout: { write: () => {} },
    });
    const progress = (line: string) => post({ type: 'progress', line });
    const outcome = await replayPaperTask(request.task, options, stopwatch, progress);
    post({ type: 'done', outcome, stages: stopwatch.read().stages });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    post({
      type: 'failed',
      message: error instanceof Error ? error.message : String(error),
      ...(typeof code === 'string' ? { code } : {}),
    });
  }
});
