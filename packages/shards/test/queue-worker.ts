// A BullMQ worker process for the reliability tests: `node queue-worker.mjs <redis-url> <queue>`. It prints one
// line per worker event (test code; the library prints nothing) so the test can see a job start and kill it.
import { startWorker } from '../src/start-worker';

const [connection, queue] = process.argv.slice(2) as [string, string];
const worker = startWorker({
  connection,
  queue,
  lockDurationMs: 1500,
  stalledIntervalMs: 500,
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
