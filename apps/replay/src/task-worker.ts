import { parentPort } from 'node:worker_threads';
import { resolveOptions } from './options';
import { type JobMessage, type JobRequest, runJob } from './replay-jobs';
import { createStopwatch } from './stopwatch';

// Jobs one at a time, as the main thread hands them out: each is a pure function of (job, options).
parentPort?.on('message', async ({ job, options }: JobRequest) => {
  const post = (message: JobMessage) => parentPort!.postMessage(message);
  try {
    const stopwatch = createStopwatch();
    const resolved = resolveOptions({
      seed: job.seed,
      poolSize: options.poolSize,
      policies: options.policies,
      quiet: options.quiet,
      ...(options.scenario === 'paper' ? {} : { dataset: options.dataset! }),
      ...(options.embedder === undefined ? {} : { embedder: options.embedder }),
      selection: options.selection,
      uncertaintyShare: options.uncertaintyShare,
      pairScoring: options.pairScoring,
      firstBatch: options.firstBatch,
      prior: options.prior,
      sides: options.sides,
      stdout: { write: () => {} },
    });
    const scenario = { ...resolved, scenario: options.scenario };
    const progress = (line: string) => post({ type: 'progress', line });
    const outcome = await runJob(job, scenario, stopwatch, progress);
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
