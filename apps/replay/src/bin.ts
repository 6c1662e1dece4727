#!/usr/bin/env node
import { BorderlineError } from '@borderline/core';
import { CURATION_SIDES } from '@borderline/loop';
import { FIRST_BATCHES, PAIR_SCORINGS } from '@borderline/sampling';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { parseSeeds } from './options';
import { run } from './run';

const argv = await yargs(hideBin(process.argv))
  .scriptName('replay')
  .usage("$0 [options]\n\nReplays the paper's experiment and prints our figures beside the paper's.")
  .option('seed', { type: 'number', default: 1, describe: 'Seed for every random choice (one seed)' })
  .option('seeds', {
    type: 'string',
    describe:
      'Replay once per seed: a count (5 = seeds 1-5), a range (1-5) or a list (1,3,7); overrides --seed',
  })
  .option('workers', {
    type: 'number',
    describe: 'Worker threads for the (seed, task) jobs (default: 2, or 1 core)',
  })
  .option('embedder', {
    choices: ['use-lite', 'glove'] as const,
    describe: 'Embedder: use-lite (default on recorded data) or glove (default in the paper scenario)',
  })
  .option('selection', {
    choices: ['sampled', 'full'] as const,
    describe: 'Boundary pairs: cluster large sides on an 8,192-item sample (sampled) or whole (full)',
  })
  .option('uncertainty-share', {
    type: 'number',
    describe: 'Boundary pairs: share of each batch chosen by uncertainty sampling, in [0, 1) (default 0)',
  })
  .option('pair-scoring', {
    choices: PAIR_SCORINGS,
    describe:
      "Boundary pairs: rank candidate pairs by distance, or by distance times the model's confidence in both items, so pairs the model doubts come first (default doubt)",
  })
  .option('first-batch', {
    choices: FIRST_BATCHES,
    describe:
      "Boundary pairs: the first batch as pairs, or one item from each of the budget's strata of LLM-0's scores (default score-strata)",
  })
  .option('prior', {
    choices: ['none', 'llm-0'] as const,
    describe:
      'What every fine-tuned model starts from: the untrained head, or LLM-0 as a prior (default none)',
  })
  .option('sides', {
    choices: CURATION_SIDES,
    describe:
      "Boundary pairs: sides at the threshold, or the top share of scores matching the expert-labelled positive share (labelled-share) or the first batch's (first-batch-share, with --first-batch score-strata) (default first-batch-share, or threshold with --first-batch pairs)",
  })
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
    describe: 'Run the jobs on worker threads (--no-parallel: one after the other in this thread)',
  })
  .example('$0', 'the paper scenario, 100,000 ads per task, one seed')
  .example('$0 --seeds 5 --out out/replay', 'seeds 1-5: means, 95% intervals and paired differences')
  .example('$0 --out out/replay --policies boundary-pairs,random,uncertainty,k-center', 'compare policies')
  .example('$0 --scenario convabuse', 'replay on ConvAbuse with its recorded expert judgments')
  .strict()
  .help()
  .parseAsync();

try {
  await run({
    ...(argv.seeds === undefined ? {} : { seeds: parseSeeds(argv.seeds) }),
    ...(argv.workers === undefined ? {} : { workers: argv.workers }),
    ...(argv.embedder === undefined ? {} : { embedder: argv.embedder }),
    ...(argv.selection === undefined ? {} : { selection: argv.selection }),
    ...(argv['uncertainty-share'] === undefined ? {} : { uncertaintyShare: argv['uncertainty-share'] }),
    ...(argv['pair-scoring'] === undefined ? {} : { pairScoring: argv['pair-scoring'] }),
    ...(argv['first-batch'] === undefined ? {} : { firstBatch: argv['first-batch'] }),
    ...(argv.prior === undefined ? {} : { prior: argv.prior }),
    ...(argv.sides === undefined ? {} : { sides: argv.sides }),
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
