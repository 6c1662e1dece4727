import type { CommandModule } from 'yargs';
import type { CliIo } from '../io';

/**
 * Every command of the CLI, in help order. Each command file exports `xCommand(io)` returning a yargs module;
 * handlers stay thin: parse, call the packages, render.
 */
export function commands(_io: CliIo): CommandModule[] {
  return [];
}
