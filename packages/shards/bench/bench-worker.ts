// A BullMQ worker process for the bench: `node bench-worker.mjs <redis-url> <queue>`. Prints each job's figures
// as JSON lines (bench code; the library prints nothing).
import { startWorker } from '../src/start-worker';

const [connection, queue] = process.argv.slice(2) as [string, string];
const worker = startWorker({
  connection,
  queue,
  onEvent: (event) => {
    if (event.type === 'job-done') process.stdout.write(`job-done ${JSON.stringify(event.result)}\n`);
    else if (event.type !== 'job-start') process.stdout.write(`${event.type} ${JSON.stringify(event)}\n`);
  },
});
process.stdout.write('worker ready\n');
process.on('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
