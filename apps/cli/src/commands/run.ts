import { BorderlineError } from '@borderline/core';
import type { Annotator } from '@borderline/runners';
import type { Argv, CommandModule } from 'yargs';
import { extendCap } from '../drive/extend-cap';
import { runLoop } from '../drive/run-loop';
import type { CliIo } from '../io';
import { recordedExperts } from '../session/recorded';
import { writeBatchReview } from '../session/review-files';
import { withRunModels } from '../session/run-models';
import { type RunSession, withRun } from '../session/run-session';
import { parseSimulatedName, simulatedExperts } from '../session/simulated';
import { buildStatus } from '../session/status-report';
import { type ExecutorArgs, withDriveOptions, withExecutor } from '../shards/executor-options';
import { wholeNumberOption } from './integer-option';
import { outputOf, warnSeed, withChunkSize, withHostedBounds, withRunDir } from './shared';
import { renderStatus } from './status';

interface RunArgs extends ExecutorArgs {
  runDir: string;
  timeout?: number;
  maxRetryTime?: number;
  annotators: 'recorded' | 'simulated';
  maxIterations?: number;
  chunkSize: number;
  json?: boolean;
  quiet?: boolean;
  seed?: number;
}

async function annotatorFor(io: CliIo, session: RunSession, kind: RunArgs['annotators']): Promise<Annotator> {
  const { config } = session;
  const simulated = parseSimulatedName(config.dataset.name);
  if (kind === 'simulated') {
    if (simulated === undefined) {
      throw new BorderlineError({
        code: 'invalid-argument',
        message: `run: --annotators simulated needs a simulated pool (init --dataset sim:lower|sim:higher); this run uses ${config.dataset.name}`,
      });
    }
    return simulatedExperts(simulated.task, config.loop.seed, config.dataset.items, config.expertsPerItem);
  }
  if (simulated !== undefined) {
    throw new BorderlineError({
      code: 'invalid-argument',
      message: 'run: a simulated pool has no recorded labels; use --annotators simulated',
    });
  }
  return recordedExperts(config, io.env, io.cwd);
}

/** `borderline run`: the whole loop, unattended. */
export function runCommand(io: CliIo): CommandModule<object, RunArgs> {
  return {
    command: 'run <run-dir>',
    describe:
      "The whole loop unattended, with the dataset's recorded expert labels or the simulation's panels",
    builder: (yargs) => withRunOptions(yargs) as never,
    handler: (args) => runHandler(io, args),
  };
}

/** Run's options: the executor, hosted bounds, chunk size, the annotators and the iteration cap. */
function withRunOptions<T>(yargs: Argv<T>) {
  return withExecutor(withHostedBounds(withChunkSize(withRunDir(yargs))))
    .option('annotators', {
      choices: ['recorded', 'simulated'] as const,
      demandOption: true,
      describe: "recorded: the dataset's expert labels; simulated: the simulated world's expert panel",
    })
    .option(
      'max-iterations',
      wholeNumberOption(
        '--max-iterations',
        { min: 1 },
        {
          describe: "Sets the run's iteration cap; a run stopped at its cap goes on to the new one",
        },
      ),
    )
    .example('$0 run runs/abuse --annotators recorded', 'ConvAbuse with its recorded experts')
    .example('$0 run runs/ads --annotators simulated --max-iterations 6', 'The simulated ads world');
}

/** Runs the loop to its stop under the run's lock, then prints the run's status. */
async function runHandler(io: CliIo, args: RunArgs): Promise<void> {
  const output = outputOf(io, args);
  const report = await withRun(io, args.runDir, 'write', async (session) => {
    warnSeed(output, args.seed, session.config.loop.seed);
    await extendCap(session, args.maxIterations, output);
    return withRunModels(io, session, output, 'run', args, async (models) => {
      const annotator = await annotatorFor(io, session, args.annotators);
      await withDriveOptions(io.env, session, output, args, 'run', (options) =>
        runLoop(session, models, annotator, output, {
          ...options,
          onBatch: (iteration) => writeBatchFile(session, iteration),
        }),
      );
      return buildStatus(session);
    });
  });
  output.result(report, () => renderStatus(report, output.colors, args.runDir));
}

/** A batch's review files (JSONL and CSV in the run's review/ folder, as `select` writes them), before it is labelled. */
async function writeBatchFile(session: RunSession, iteration: number): Promise<void> {
  await writeBatchReview(session, iteration, await session.store.readSelection(iteration), ['jsonl']);
}
