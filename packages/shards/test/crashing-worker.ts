// The local executor's worker entry, except that the first process to get a job while the marker file named by
// BORDERLINE_TEST_CRASH_MARKER exists deletes it and kills itself with SIGKILL mid-job.
import { existsSync, rmSync } from 'node:fs';

const marker = process.env.BORDERLINE_TEST_CRASH_MARKER;
process.prependListener('message', () => {
  if (marker !== undefined && existsSync(marker)) {
    rmSync(marker);
    process.kill(process.pid, 'SIGKILL');
  }
});
await import('../src/worker-entry');
