#!/usr/bin/env node
import { BorderlineError } from '@borderline/core';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { run } from './run';

const argv = await yargs(hideBin(process.argv))
  .scriptName('replay')
  .usage("$0 [options]\n\nReplays the paper's experiment and prints our figures beside the paper's.")
  .option('seed', { type: 'number', default: 1, describe: 'Seed for every random choice' })
  .option('out', { type: 'string', describe: 'Write report.json, report.md and kappa.svg into this folder' })
  .option('scenario', { choices: ['paper', 'convabuse'] as const, default: 'paper' as const })
  .option('dataset', {
    type: 'string',
    describe: 'Replay on a dataset folder (or name) with recorded expert labels',
  })
  .option('policies', {
    type: 'string',
    describe: 'Compare sampling policies at equal budget, e.g. boundary-pairs,random,uncertainty,k-center',
  })
  .option('pool-size', { type: 'number', describe: 'Ads per task in the paper scenario (default 100000)' })
  .option('quiet', { type: 'boolean', default: false, describe: 'Print only the table' })
  .option('parallel', {
    type: 'boolean',
    default: true,
    describe: "Replay the paper's two tasks on two threads (--no-parallel: one after the other)",
  })
  .example('$0', 'the paper scenario, 100,000 ads per task')
  .example('$0 --out out/replay --policies boundary-pairs,random,uncertainty,k-center', 'compare policies')
  .example('$0 --scenario convabuse', 'replay on ConvAbuse with its recorded expert judgments')
  .strict()
  .help()
  .parseAsync();

try {
  await run({
    seed: argv.seed,
    scenario: argv.scenario,
    quiet: argv.quiet,
    parallel: argv.parallel,
    ...(argv.out === undefined ? {} : { out: argv.out }),
    ...(argv.dataset === undefined ? {} : { dataset: argv.dataset }),
    ...(argv.policies === undefined ? {} : { policies: argv.policies.split(',').map((name) => name.trim()) }),
    ...(argv['pool-size'] === undefined ? {} : { poolSize: argv['pool-size'] }),
  });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = BorderlineError.is(error) && error.code !== 'internal' ? 1 : 2;
}
