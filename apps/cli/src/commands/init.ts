import { rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CONFLICT_POLICIES, writeJsonl } from '@borderline/ingest';
import {
  CURATION_SIDES,
  type CurationConfig,
  type CurationState,
  createCurationConfig,
  startCuration,
} from '@borderline/loop';
import { openRunStore, sha256Hex } from '@borderline/run-store';
import { FIRST_BATCHES, PAIR_SCORINGS, POLICY_NAMES } from '@borderline/sampling';
import type { Argv, CommandModule } from 'yargs';
import type { CliIo } from '../io';
import type { Output } from '../render/output';
import { type InitArgs, messyDataLines, runConfigOf, selectionLine } from '../session/init-config';
import { loadPool, type Pool } from '../session/pool';
import {
  curationInputOf,
  DROPPED_ROWS_FILE,
  EMBEDDERS,
  FALLBACKS,
  RUNNERS,
  type RunConfig,
} from '../session/run-config';
import { CONFIG_KEY } from '../session/run-session';
import { initSharded, shardedDatasetDir, shardedInitLines } from '../shards/init-sharded';
import { wholeNumberOption } from './integer-option';
import { outputOf } from './shared';

/** Creates the run directory in one transaction (config, pool, crowd labels, loop state); removed again on failure. */
async function createRun(
  runDir: string,
  config: RunConfig,
  pool: Pool,
  state: CurationState,
  skipInvalid: boolean,
): Promise<void> {
  const store = await openRunStore(runDir, { mode: 'create' });
  try {
    await store.transaction(async () => {
      await store.setMeta(CONFIG_KEY, config);
      await store.insertItems(pool.items);
      if (pool.crowd.length > 0) {
        await store.appendLabels(pool.crowd, {
          source: `dataset:${basename(pool.dir)}`,
          sha256: sha256Hex(JSON.stringify(pool.crowd)),
        });
      }
      await store.writeLoopState(state);
    });
    if (skipInvalid)
      await writeJsonl(
        join(runDir, DROPPED_ROWS_FILE),
        pool.dropped.map((issue) => ({ ...issue })),
      );
  } catch (error) {
    store.close();
    rmSync(runDir, { recursive: true, force: true });
    throw error;
  }
  store.close();
}

/** The options that say where the models run and how the pool is embedded. */
function withModelOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('runner', { choices: RUNNERS, default: 'local' as const, describe: 'Where the models run' })
    .option('model', {
      type: 'string',
      describe: 'local: small|large (default large); hosted: the model name',
    })
    .option('embedder', {
      choices: EMBEDDERS,
      describe:
        'How the pool is embedded: use-lite (a sentence encoder, 512-d; the default for a dataset) or glove (word vectors: faster, weaker; the default for sim: pools, as in the replay)',
    })
    .option('base-url', {
      type: 'string',
      describe: 'OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp server)',
    });
}

/** The options of the curation loop: budget, batches, policy and the stopping rule. */
function withLoopOptions<T>(yargs: Argv<T>) {
  return withRoundOptions(withPolicyOptions(withBatchOptions(yargs)));
}

/** How many items go to the experts: in all, per iteration, and how many experts per item. */
function withBatchOptions<T>(yargs: Argv<T>) {
  return yargs
    .option(
      'budget',
      wholeNumberOption('--budget', { min: 1 }, { describe: 'Total items that may go to the experts' }),
    )
    .option(
      'batch-size',
      wholeNumberOption(
        '--batch-size',
        { min: 1 },
        { default: 100, describe: 'Items sent to the experts per iteration' },
      ),
    )
    .option(
      'experts-per-item',
      wholeNumberOption(
        '--experts-per-item',
        { min: 1 },
        { describe: 'Experts asked per item (recorded/simulated runs)' },
      ),
    );
}

/** How the batch is chosen: the policy, its fallback, the boundary-pair variants and how predicted sides are drawn. */
function withPolicyOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('policy', {
      choices: POLICY_NAMES,
      default: 'boundary-pairs' as const,
      describe: 'Sampling policy',
    })
    .option('fallback', {
      choices: FALLBACKS,
      default: 'uncertainty' as const,
      describe: 'What fills a boundary-pair batch that comes up short of --batch-size',
    })
    .option('first-batch', {
      choices: FIRST_BATCHES,
      describe:
        "Boundary pairs' first batch: score-strata (default: one item drawn from each of --batch-size strata of the model's scores) or pairs (the paper's method)",
    })
    .option('pair-scoring', {
      choices: PAIR_SCORINGS,
      describe:
        "How boundary pairs rank candidate pairs: doubt (default: distance weighed by how unsure the model is of both items) or distance (the paper's method)",
    })
    .option('sides', {
      choices: CURATION_SIDES,
      describe:
        "How boundary pairs' predicted sides are drawn: first-batch-share (default: the top share of scores matching the first batch's expert positive share; needs --first-batch score-strata), threshold (the default with --first-batch pairs) or labelled-share (the experts' positive share so far)",
    });
}

/** The iteration cap and the share of labelled items each fine-tune uses. */
function withRoundOptions<T>(yargs: Argv<T>) {
  return yargs
    .option(
      'max-iterations',
      wholeNumberOption(
        '--max-iterations',
        { min: 1 },
        { default: 6, describe: 'Iteration cap of the stopping rule' },
      ),
    )
    .option('fine-tune-share', {
      type: 'number',
      default: 0.62,
      describe: 'Share of labelled items used to fine-tune',
    });
}

/** The options that say how much of the dataset is read and what happens to messy records. */
function withDataOptions<T>(yargs: Argv<T>) {
  return yargs
    .option(
      'limit',
      wholeNumberOption(
        '--limit',
        { min: 1 },
        { describe: 'Use only the first N items of the dataset (sim: the pool size)' },
      ),
    )
    .option('on-conflict', {
      choices: CONFLICT_POLICIES,
      describe:
        "An annotator who labelled an item twice and changed their mind: error (default: refuse, naming both lines), latest, first, or drop (leave out that annotator's labels of the item)",
    })
    .option('skip-invalid', {
      type: 'boolean',
      describe: `Leave out bad records (empty text, unknown items, labels outside the set, ...) instead of refusing; they are listed in <run-dir>/${DROPPED_ROWS_FILE}`,
    });
}

/** The examples of `borderline init --help`. */
function withInitExamples<T>(yargs: Argv<T>) {
  return yargs
    .example('$0 init runs/abuse --dataset convabuse', 'A local run over ConvAbuse')
    .example(
      '$0 init runs/mine --dataset ./my-export --on-conflict latest --skip-invalid',
      "A messy real export: keep each annotator's last word, leave out bad rows",
    )
    .example(
      '$0 init runs/ads --dataset sim:lower --limit 20000 --budget 600',
      'A run over the simulated ads world',
    )
    .example(
      '$0 init runs/paper --dataset ./my-data --first-batch pairs --pair-scoring distance',
      "The paper's own boundary pairs: pairs from the first batch on, ranked by distance, sides at the threshold",
    )
    .example('$0 init runs/oa --dataset ./my-data --runner openai --model gpt-4o-mini', 'LLM-0 via OpenAI')
    .example(
      '$0 init runs/local --dataset ./my-data --runner openai --base-url http://127.0.0.1:11434/v1 --model llama3.2',
      'Ollama',
    );
}

/** Creates a run over a sharded dataset folder and reports it. */
async function initShardedRun(io: CliIo, args: InitArgs, shardedDir: string, output: Output): Promise<void> {
  const made = await initSharded(args, shardedDir, resolve(io.cwd, args.runDir), output);
  output.result(
    {
      run: made.runDir,
      items: made.manifest.count,
      shards: made.manifest.shards.length,
      config: made.config,
    },
    () => shardedInitLines(made, args.runDir),
  );
}

/** The lines `borderline init` prints for a run over an in-store pool. */
function initLines(args: InitArgs, made: PoolRun): string {
  const { runDir, pool, config, curation } = made;
  return [
    `created run ${runDir}`,
    `  pool: ${pool.items.length} items of ${config.dataset.name} (${config.dataset.labels.join(' / ')})`,
    `  runner: ${config.runner} ${config.model}; embedder ${config.embedder}; policy ${config.policy}; ${curation.batchSize} per iteration; seed ${config.loop.seed}`,
    selectionLine(config),
    pool.crowd.length > 0 ? `  ledger: ${pool.crowd.length} crowd label(s) from the dataset` : '',
    ...messyDataLines(args, { ...pool, count: pool.items.length }, runDir),
    `next: borderline prelabel ${args.runDir}`,
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** A run created over an in-store pool: where it is, its pool, configuration and loop settings. */
interface PoolRun {
  readonly runDir: string;
  readonly pool: Pool;
  readonly config: RunConfig;
  readonly curation: CurationConfig;
}

/** Loads the pool, validates the configuration, starts the loop and creates the run directory. */
async function initPoolRun(io: CliIo, args: InitArgs, seed: number): Promise<PoolRun> {
  const pool = await loadPool(io, args.dataset, {
    seed,
    ...(args.limit === undefined ? {} : { limit: args.limit }),
    ...(args.onConflict === undefined ? {} : { onConflict: args.onConflict }),
    ...(args.skipInvalid === true ? { skipInvalid: true } : {}),
  });
  const config = runConfigOf(args, { ...pool, count: pool.items.length }, seed);
  const curation = createCurationConfig(curationInputOf(config));
  const { state } = startCuration(curation, pool.items.length);
  const runDir = resolve(io.cwd, args.runDir);
  await createRun(runDir, config, pool, state, args.skipInvalid === true);
  return { runDir, pool, config, curation };
}

/** `borderline init`: validates the configuration and creates the run with its pool. */
export function initCommand(io: CliIo): CommandModule<object, InitArgs> {
  return {
    command: 'init <run-dir>',
    describe: 'Create a run: the pool, the configuration (validated), and the loop state',
    builder: (yargs) =>
      withInitExamples(
        withDataOptions(
          withLoopOptions(
            withModelOptions(
              yargs
                .positional('run-dir', {
                  type: 'string',
                  demandOption: true,
                  describe: 'A new (or empty) directory',
                })
                .option('dataset', {
                  type: 'string',
                  demandOption: true,
                  describe:
                    'A dataset folder or name (looked up in BORDERLINE_DATA_PATH), or sim:lower / sim:higher',
                }),
            ),
          ),
        ),
      ) as never,
    handler: async (args) => {
      const output = outputOf(io, args);
      const shardedDir = await shardedDatasetDir(io, args.dataset);
      if (shardedDir !== undefined) return initShardedRun(io, args, shardedDir, output);
      const made = await initPoolRun(io, args, args.seed ?? 1);
      const { runDir, pool, config } = made;
      output.result(
        {
          run: runDir,
          items: pool.items.length,
          crowdLabels: pool.crowd.length,
          dropped: pool.dropped.length,
          conflicts: pool.conflicts.length,
          config,
        },
        () => initLines(args, made),
      );
    },
  };
}
