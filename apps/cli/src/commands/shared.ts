import { BorderlineError } from '@borderline/core';
import type { Argv } from 'yargs';
import type { CliIo, GlobalOptions } from '../io';
import { createOutput, type Output } from '../render/output';
import { wholeNumberOption } from './integer-option';

/** The global options as every handler sees them. */
export function globalsOf(args: { json?: boolean; quiet?: boolean; seed?: number }): GlobalOptions {
  return {
    json: args.json === true,
    quiet: args.quiet === true,
    ...(args.seed === undefined ? {} : { seed: args.seed }),
  };
}

/** The output of a handler invocation. */
export function outputOf(io: CliIo, args: { json?: boolean; quiet?: boolean; seed?: number }): Output {
  return createOutput(io, globalsOf(args));
}

/** Adds the `<run-dir>` positional. */
export function withRunDir<T>(yargs: Argv<T>) {
  return yargs.positional('run-dir', { type: 'string', demandOption: true, describe: 'The run directory' });
}

/** Items per committed chunk, for commands that score or embed the pool. */
export function withChunkSize<T>(yargs: Argv<T>) {
  return yargs.option(
    'chunk-size',
    wholeNumberOption(
      '--chunk-size',
      { min: 1 },
      {
        default: 1024,
        describe: 'Items per committed chunk (a killed command resumes from the last chunk)',
      },
    ),
  );
}

/** Warns that --seed only applies at init (the run keeps its own seed). */
export function warnSeed(output: Output, given: number | undefined, runSeed: number): void {
  if (given !== undefined && given !== runSeed) {
    output.warn(`--seed ${given} ignored: the run's seed is ${runSeed} (set at init)`);
  }
}

/**
 * The hosted runners' time bounds (seconds: per request, and one request's attempts and waits together) and the
 * batch path (`--batch`, `--batch-poll`).
 */
export function withHostedBounds<T>(yargs: Argv<T>) {
  return yargs
    .option('timeout', {
      type: 'number',
      describe: 'Hosted runners: seconds to wait for one answer before trying again (default 60)',
    })
    .option('max-retry-time', {
      type: 'number',
      describe:
        'Hosted runners: seconds one request may take with all its retries before the command fails (default 180)',
    })
    .option('batch', {
      type: 'boolean',
      describe:
        "Hosted runners (openai, gemini): score through the provider's batch API instead of one request per text (about half the price; minutes to hours per batch; a killed command resumes the same batch)",
    })
    .option('batch-poll', {
      type: 'number',
      describe: 'With --batch: seconds between polls of a running batch (default 60)',
    })
    .check((argv) => {
      for (const name of ['timeout', 'max-retry-time', 'batch-poll'] as const) {
        const value = (argv as Record<string, unknown>)[name];
        if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
          throw new BorderlineError({
            code: 'invalid-argument',
            message: `--${name} takes a positive number of seconds (got ${String(value)})`,
          });
        }
      }
      return true;
    });
}
