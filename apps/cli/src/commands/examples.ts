import type { Argv, CommandModule } from 'yargs';

/** A help example: the command line and what it does. */
export type Example = readonly [command: string, description: string];

/**
 * Adds help examples to a command module whose own builder has none (every command's help shows examples).
 * Examples the module already declares are kept; these are appended.
 */
export function withExamples<T extends CommandModule>(module: T, examples: readonly Example[]): T {
  const original = module.builder;
  return {
    ...module,
    builder: (yargs: Argv) => {
      const built = (
        typeof original === 'function' ? original(yargs) : yargs.options(original ?? {})
      ) as Argv;
      return examples.reduce((parser, [command, description]) => parser.example(command, description), built);
    },
  };
}
