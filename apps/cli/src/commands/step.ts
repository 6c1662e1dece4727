import type { IterationRecord } from '@borderline/loop';
import type { CommandModule } from 'yargs';
import { step } from '../drive/step';
import type { CliIo } from '../io';
import { withRunModels } from '../session/run-models';
import { withRun } from '../session/run-session';
import { type ExecutorArgs, withDriveOptions, withExecutor } from '../shards/executor-options';
import { outputOf, warnSeed, withChunkSize, withHostedBounds, withRunDir } from './shared';

interface StepArgs extends ExecutorArgs {
  runDir: string;
  timeout?: number;
  maxRetryTime?: number;
  allowMissing: boolean;
  chunkSize: number;
  json?: boolean;
  quiet?: boolean;
  seed?: number;
}

/** Items whose experts split evenly are left out of the split (tie policy `exclude`): said, never silent. */
function tieLines(latest: IterationRecord | null): string[] {
  if (latest === null || latest.ties === 0) return [];
  return [
    `  ${latest.ties} labelled item(s) so far are ties (their experts split evenly): left out of the fine-tune and evaluation sets`,
  ];
}

/** `borderline step`: split, evaluate, adapt, decide (one transaction). */
export function stepCommand(io: CliIo): CommandModule<object, StepArgs> {
  return {
    command: 'step <run-dir>',
    describe: 'Use the imported labels: split, evaluate, fine-tune, score the pool, decide whether to stop',
    builder: (yargs) =>
      withExecutor(withHostedBounds(withChunkSize(withRunDir(yargs))))
        .option('allow-missing', {
          type: 'boolean',
          default: false,
          describe: 'Record batch items without expert labels as unavailable instead of refusing',
        })
        .example('$0 step runs/abuse', 'Finish the iteration whose labels were imported') as never,
    handler: async (args) => {
      const output = outputOf(io, args);
      const result = await withRun(io, args.runDir, 'write', async (session) => {
        warnSeed(output, args.seed, session.config.loop.seed);
        return withRunModels(io, session, output, 'step', args, async (models) => {
          const summary = await withDriveOptions(io.env, session, output, args, 'step', (options) =>
            step(session, models, output, { ...options, allowMissing: args.allowMissing }),
          );
          const state = session.state();
          return { ...summary, latest: state.history.at(-1) ?? null, stop: state.stop };
        });
      });
      output.result(result, () => {
        const kappa = result.latest?.kappa.value;
        const alignment = result.latest?.internalAlignment.value;
        return [
          `step: iteration ${result.iteration} done; model version ${result.modelVersion}`,
          ...tieLines(result.latest),
          `  model-expert kappa ${kappa == null ? '-' : kappa.toFixed(3)}, internal alignment ${alignment == null ? '-' : alignment.toFixed(3)}`,
          result.stop === null
            ? `next: borderline select ${args.runDir}`
            : `stop: ${result.stop.reason} (${result.stop.detail}); see borderline status ${args.runDir}`,
        ].join('\n');
      });
    },
  };
}
