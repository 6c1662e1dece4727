import type { CommandModule } from 'yargs';
import { extendCap } from '../drive/extend-cap';
import { type SelectSummary, select } from '../drive/select';
import type { CliIo } from '../io';
import type { Output } from '../render/output';
import type { RunModels } from '../session/models';
import { type ReviewFormat, writeBatchReview } from '../session/review-files';
import { withRunModels } from '../session/run-models';
import { type RunSession, withRun } from '../session/run-session';
import { type ExecutorArgs, withDriveOptions, withExecutor } from '../shards/executor-options';
import { wholeNumberOption } from './integer-option';
import { outputOf, warnSeed, withChunkSize, withHostedBounds, withRunDir } from './shared';

interface SelectArgs extends ExecutorArgs {
  runDir: string;
  timeout?: number;
  maxRetryTime?: number;
  chunkSize: number;
  maxIterations?: number;
  format: ReviewFormat;
  json?: boolean;
  quiet?: boolean;
  seed?: number;
}

/** The chosen batch and the review files written for it (none when the policy found nothing left). */
interface Selected {
  readonly summary: SelectSummary;
  readonly files: string[];
}

/** Chooses the batch with the run's models (on the executor when one is given) and writes its review files. */
async function selectBatch(
  io: CliIo,
  session: RunSession,
  output: Output,
  args: SelectArgs,
  models: RunModels,
): Promise<Selected> {
  const summary = await withDriveOptions(io.env, session, output, args, 'select', (options) =>
    select(session, models, output, options),
  );
  if (summary.exhausted) return { summary, files: [] as string[] };
  const files = await writeBatchReview(session, summary.iteration, summary.entries, [args.format]);
  return { summary, files };
}

/** The lines `borderline select` prints. */
function selectLines({ summary, files }: Selected, runDir: string): string {
  return summary.exhausted
    ? 'select: the policy found nothing left to review; the run has stopped'
    : [
        `${summary.alreadySelected ? 'pending' : 'selected'}: ${summary.entries.length} item(s) for iteration ${summary.iteration}`,
        ...files.map((file) => `  ${file}`),
        `next: have the experts label them (fill in the label and annotator columns of the .csv, or return labels as JSONL), then: borderline import ${runDir} <labels-file>`,
      ].join('\n');
}

/** `borderline select`: chooses the next review batch and writes it for the experts. */
export function selectCommand(io: CliIo): CommandModule<object, SelectArgs> {
  return {
    command: 'select <run-dir>',
    describe: 'Choose the next batch for expert review and write review/iteration-N.jsonl and .csv',
    builder: (yargs) =>
      withExecutor(withHostedBounds(withChunkSize(withRunDir(yargs))))
        .option('format', {
          choices: ['jsonl', 'csv', 'label-studio'] as const,
          default: 'jsonl' as const,
          describe:
            'label-studio also writes Label Studio tasks (iteration-N.label-studio.json) and its config',
        })
        .option(
          'max-iterations',
          wholeNumberOption(
            '--max-iterations',
            { min: 1 },
            {
              describe: "Sets the run's iteration cap first; a run stopped at its cap goes on to the new one",
            },
          ),
        )
        .example('$0 select runs/abuse', 'Write review/iteration-1.jsonl and .csv')
        .example('$0 select runs/abuse --max-iterations 8', 'Extend a run that stopped at its cap of 6')
        .example('$0 select runs/abuse --format label-studio', 'Also write Label Studio tasks') as never,
    handler: async (args) => {
      const output = outputOf(io, args);
      const selected = await withRun(io, args.runDir, 'write', async (session) => {
        warnSeed(output, args.seed, session.config.loop.seed);
        await extendCap(session, args.maxIterations, output);
        return withRunModels(io, session, output, 'select', args, (models) =>
          selectBatch(io, session, output, args, models),
        );
      });
      const { summary, files } = selected;
      output.result(
        {
          iteration: summary.iteration,
          items: summary.entries.map((entry) => entry.item),
          alreadySelected: summary.alreadySelected,
          exhausted: summary.exhausted,
          files,
        },
        () => selectLines(selected, args.runDir),
      );
    },
  };
}
