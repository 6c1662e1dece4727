// A BullMQ worker process for the reliability tests: `node queue-worker.mjs <redis-url> <queue>`. It prints one
// line per worker event (test code; the library prints nothing) so the test can see a job start and kill it.
import { startWorker } from '../src/start-worker';

const [connection, queue] = process.argv.slice(2) as [string, string];
const worker = startWorker({
  connection,
  queue,
  // Short enough that a killed worker's job is taken over within seconds, long enough that a loaded machine
  // (CI runs every package's tests at once) still renews the lock of a live worker's job in time.
  lockDurationMs: 5000,
  stalledIntervalMs: 1000,
  onEvent: (event) => {
    const detail =
      event.type === 'job-done'
        ? `${event.key} ${event.result.written ? 'written' : 'exists'}`
        : 'key' in event
          ? event.key
          : event.message;
    process.stdout.write(`${event.type} ${detail}\n`);
  },
});
process.stdout.write('worker ready\n');
process.on('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
