// The worker process of the local executor (forked by createLocalExecutor): runs the jobs it is sent, one at a
// time, and answers each with its outcome. It prints nothing; a crash is seen by the parent as an exit.
import { serialiseError } from './job-error';
import { runShardJob } from './run-shard-job';
import type { ChildMessage, ParentMessage } from './worker-protocol';

const send = (message: ChildMessage) => process.send?.(message);

process.on('message', (message: ParentMessage) => {
  if (message.type !== 'job') return;
  const { job } = message;
  runShardJob(job).then(
    (result) => send({ type: 'done', key: job.key, result }),
    (error: unknown) => send({ type: 'failed', key: job.key, error: serialiseError(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
