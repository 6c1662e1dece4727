import { readFileSync } from 'node:fs';
import { BorderlineError } from '@borderline/core';
import yargs from 'yargs';
import { commands } from './commands/index';
import { wholeNumberOption } from './commands/integer-option';
import { describeFailure, EXIT_OK } from './exit-codes';
import type { CliIo } from './io';
import { renderFailure } from './render/error';
import { closest } from './render/suggest';

export { EXIT_INTERNAL, EXIT_OK, EXIT_USER } from './exit-codes';
export type { CliIo, CommandContext, GlobalOptions } from './io';
export { processIo } from './io';

/** A usage mistake found by the parser (unknown option, missing argument, bad choice). */
const USAGE = Symbol.for('borderline.cli.usage');

/**
 * Runs the `borderline` CLI on `argv` (without node and the script) and resolves to the exit code.
 * All output goes through `io`, so tests call it in-process.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const modules = commands(io, run);
  const names = modules.map((module) => String(module.command ?? '').split(' ')[0]!);
  const command = argv.find((arg) => !arg.startsWith('-') && names.includes(arg));
  const parser = yargs([...argv])
    .scriptName('borderline')
    .usage(
      '$0 <command> [options]\n\nCurate the borderline cases a text classifier is confused about, with a few hundred expert labels.',
    )
    .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output on stdout' })
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress output' })
    .option('seed', wholeNumberOption('--seed', {}, { describe: 'Seed for every random choice' }))
    .command(modules)
    .demandCommand(1, 'Name a command; see --help.')
    .strict()
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(cliVersion())
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .fail((message, error, usage) => {
      // Usage mistakes arrive as a message, or as a YError (yargs wraps what a `coerce` throws); failures of a
      // handler arrive as an error.
      if (error && error.name !== 'YError') throw error;
      const text = usageMessage(error ? error.message : message, argv, optionsIn(usage));
      throw Object.assign(new BorderlineError({ code: 'invalid-argument', message: text }), {
        [USAGE]: true,
      });
    });
  try {
    let parseError: unknown;
    await parser.parseAsync([...argv], {}, (error, _args, output) => {
      // With a callback yargs hands usage errors here instead of throwing them.
      if (error) parseError = error;
      else if (output) io.stdout.write(`${output}\n`);
    });
    if (parseError !== undefined) throw parseError;
    return EXIT_OK;
  } catch (error) {
    const failure = describeFailure(error);
    const usage =
      (error as Record<symbol, unknown> | undefined)?.[USAGE] === true ||
      (BorderlineError.is(error) && error.code === 'invalid-argument');
    renderFailure(io, failure, { json: argv.includes('--json'), command, usage });
    return failure.code;
  }
}

/**
 * yargs' message, with "did you mean" for a mistyped option (yargs suggests commands, not options), and an
 * option given without its value named as typed (`--chunk-size`, not yargs' "following: chunk-size").
 */
function usageMessage(message: string, argv: readonly string[], known: readonly string[]): string {
  const valueless = /^Not enough arguments following: (.+)$/.exec(message);
  if (valueless !== null) {
    const name = valueless[1]!;
    return `${name.length === 1 ? '-' : '--'}${name}: expected a value after the option`;
  }
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknown === null) return message;
  const given = unknown[1]!.split(', ');
  // yargs lists --max-erors twice (also as maxErors): keep the spelling that was typed.
  const typed = given.filter((name) => argv.some((arg) => arg === name || optionName(arg) === name));
  return (typed.length > 0 ? typed : given)
    .map((name) => {
      if (!argv.some((arg) => optionName(arg) === name))
        return `Unknown argument "${name}" (not expected here)`;
      const dashes = name.length === 1 ? '-' : '--';
      const match = closest(name, known);
      return `Unknown argument ${dashes}${name}${match === undefined ? '' : `; did you mean --${match}?`}`;
    })
    .join('\n');
}

/** The options of the command being parsed (yargs hands its usage object to the fail handler). */
function optionsIn(usage: unknown): string[] {
  const describe = (usage as { getDescriptions?: () => Record<string, unknown> } | undefined)
    ?.getDescriptions;
  return typeof describe === 'function' ? Object.keys(describe.call(usage)) : [];
}

/** `--max-erors=3` -> `max-erors`; `-x` -> `x`; a positional -> undefined. */
function optionName(arg: string): string | undefined {
  const match = /^--?(?:no-)?([^=]+)/.exec(arg);
  return match?.[1];
}

/** The CLI's version from its package.json (beside `src/` and `dist/` alike, and in the published package). */
function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}
