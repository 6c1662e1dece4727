import type { CommandModule } from 'yargs';
import { prelabel } from '../drive/prelabel';
import type { CliIo } from '../io';
import { withRunModels } from '../session/run-models';
import { withRun } from '../session/run-session';
import { type ExecutorArgs, withDriveOptions, withExecutor } from '../shards/executor-options';
import { outputOf, warnSeed, withChunkSize, withHostedBounds, withRunDir } from './shared';

interface PrelabelArgs extends ExecutorArgs {
  runDir: string;
  timeout?: number;
  maxRetryTime?: number;
  chunkSize: number;
  json?: boolean;
  quiet?: boolean;
  seed?: number;
}

/** `borderline prelabel`: LLM-0 labels the pool (resumable in committed chunks). */
export function prelabelCommand(io: CliIo): CommandModule<object, PrelabelArgs> {
  return {
    command: 'prelabel <run-dir>',
    describe: 'LLM-0 labels the pool: embed and score every item (progress bar; resumable in chunks)',
    builder: (yargs) =>
      withExecutor(withHostedBounds(withChunkSize(withRunDir(yargs))))
        .example('$0 prelabel runs/abuse', 'Score the pool with the starting model')
        .example('$0 prelabel runs/oa --chunk-size 200', 'Commit every 200 items (hosted runners)') as never,
    handler: async (args) => {
      const output = outputOf(io, args);
      const summary = await withRun(io, args.runDir, 'write', async (session) => {
        warnSeed(output, args.seed, session.config.loop.seed);
        return withRunModels(io, session, output, 'prelabel', args, async (models) =>
          withDriveOptions(io.env, session, output, args, 'prelabel', (options) =>
            prelabel(session, models, output, options),
          ),
        );
      });
      output.result(summary, () =>
        summary.alreadyDone
          ? `prelabel: already done; next: borderline select ${args.runDir}`
          : `prelabel: ${summary.positives} of ${summary.items} items predicted positive\nnext: borderline select ${args.runDir}`,
      );
    },
  };
}
