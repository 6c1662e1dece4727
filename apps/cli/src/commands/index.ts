import type { CommandModule } from 'yargs';
import type { CliIo } from '../io';
import { agreementCommand } from './agreement';
import { exportCommand } from './export';
import { importCommand } from './import';
import { initCommand } from './init';
import { prelabelCommand } from './prelabel';
import { runCommand } from './run';
import { selectCommand } from './select';
import { statusCommand } from './status';
import { stepCommand } from './step';
import { validateCommand } from './validate';

/**
 * Every command of the CLI, in help order. Each command file exports `xCommand(io)` returning a yargs module;
 * handlers stay thin: parse, call the packages, render.
 */
export function commands(io: CliIo): CommandModule[] {
  return [
    validateCommand(io),
    initCommand(io),
    prelabelCommand(io),
    selectCommand(io),
    importCommand(io),
    stepCommand(io),
    statusCommand(io),
    runCommand(io),
    exportCommand(io),
    agreementCommand(io),
  ] as unknown as CommandModule[];
}
