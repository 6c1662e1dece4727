import type { CommandModule } from 'yargs';
import type { CliIo } from '../io';
import { agreementCommand } from './agreement';

/**
 * Every command of the CLI, in help order. Each command file exports `xCommand(io)` returning a yargs module;
 * handlers stay thin: parse, call the packages, render.
 */
export function commands(io: CliIo): CommandModule[] {
  return [agreementCommand(io)];
}
