import { BorderlineError } from '@borderline/core';
import yargs from 'yargs';
import { commands } from './commands/index';
import { describeFailure, EXIT_OK, EXIT_USER } from './exit-codes';
import type { CliIo } from './io';

export { EXIT_INTERNAL, EXIT_OK, EXIT_USER } from './exit-codes';
export type { CliIo, CommandContext, GlobalOptions } from './io';
export { processIo } from './io';

/**
 * Runs the `borderline` CLI on `argv` (without node and the script) and resolves to the exit code.
 * All output goes through `io`, so tests call it in-process.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_OK;
  const parser = yargs([...argv])
    .scriptName('borderline')
    .usage(
      '$0 <command> [options]\n\nCurate the borderline cases a text classifier is confused about, with a few hundred expert labels.',
    )
    .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output on stdout' })
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress output' })
    .option('seed', { type: 'number', describe: 'Seed for every random choice' })
    .command(commands(io, run))
    .demandCommand(1, 'Name a command; see --help.')
    .strict()
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .fail((message, error) => {
      // Usage mistakes arrive as a message; failures of a handler arrive as an error.
      throw error ?? new BorderlineError({ code: 'invalid-argument', message });
    });
  try {
    let parseError: unknown;
    await parser.parseAsync([...argv], {}, (error, _args, output) => {
      // With a callback yargs hands usage errors here instead of throwing them.
      if (error) parseError = error;
      else if (output) io.stdout.write(`${output}\n`);
    });
    if (parseError !== undefined) throw parseError;
  } catch (error) {
    const failure = describeFailure(error);
    if (failure.code === EXIT_USER && BorderlineError.is(error) && error.code === 'invalid-argument') {
      io.stderr.write(`${failure.message}\nRun "borderline --help" for usage.\n`);
    } else {
      io.stderr.write(`${failure.message}\n`);
    }
    exitCode = failure.code;
  }
  return exitCode;
}
