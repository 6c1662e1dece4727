import { parentPort } from 'node:worker_threads';
import type { ResolvedOptions } from './options';
import { type JobMessage, type JobRequest, runJob } from './replay-jobs';
import { createStopwatch } from './stopwatch';

// Jobs one at a time, as the main thread hands them out: each is a pure function of (job, options).
parentPort?.on('message', async ({ job, options }: JobRequest) => {
  const post = (message: JobMessage) => parentPort!.postMessage(message);
  try {
    const stopwatch = createStopwatch();
    // The options were resolved and checked on the main thread; a worker writes nothing and is ended, not aborted.
    const resolved: ResolvedOptions = { ...options, stdout: { write: () => {} }, signal: undefined };
    const progress = (line: string) => post({ type: 'progress', line });
    const outcome = await runJob(job, resolved, stopwatch, progress);
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
