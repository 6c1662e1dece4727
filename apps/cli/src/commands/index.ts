import type { CommandModule } from 'yargs';
import type { CliIo } from '../io';
import { agreementCommand } from './agreement';
import { withExamples } from './examples';
import { exportCommand } from './export';
import { importCommand } from './import';
import { initCommand } from './init';
import { predictCommand } from './predict';
import { prelabelCommand } from './prelabel';
import { type RunCli, reviewCommand } from './review';
import { runCommand } from './run';
import { selectCommand } from './select';
import { statusCommand } from './status';
import { stepCommand } from './step';
import { validateCommand } from './validate';
import { workerCommand } from './worker';

/**
 * Every command of the CLI, in help order. Each command file exports `xCommand(io)` returning a yargs module;
 * handlers stay thin: parse, call the packages, render. `run` is the CLI itself (`review --auto-step` runs
 * `step` and `select` through it).
 */
export function commands(io: CliIo, run: RunCli): CommandModule[] {
  return [
    withExamples(validateCommand(io) as CommandModule, [
      ['$0 validate convabuse', 'A dataset by name (looked up in BORDERLINE_DATA_PATH)'],
      ['$0 validate ./my-data/labels.jsonl', 'One file; every problem names file:line and field'],
    ]),
    withExamples(agreementCommand(io) as CommandModule, [
      [
        '$0 agreement ./my-data/labels.jsonl --role expert',
        'Pairwise kappa with n and 95% CI, Fleiss, Krippendorff',
      ],
      ['$0 agreement runs/abuse/export/labels.jsonl --json', "A run's exported ledger, as JSON"],
    ]),
    initCommand(io),
    prelabelCommand(io),
    selectCommand(io),
    importCommand(io),
    reviewCommand(io, run),
    stepCommand(io),
    statusCommand(io),
    runCommand(io),
    exportCommand(io),
    predictCommand(io),
    workerCommand(io),
  ] as unknown as CommandModule[];
}
