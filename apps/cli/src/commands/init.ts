import { rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { type Item, invalidArgument, type Label } from '@borderline/core';
import { labelsOfRole, loadDataset } from '@borderline/ingest';
import { createCurationConfig, startCuration } from '@borderline/loop';
import { openRunStore, sha256Hex } from '@borderline/run-store';
import { POLICY_NAMES } from '@borderline/sampling';
import type { CommandModule } from 'yargs';
import type { CliIo } from '../io';
import {
  curationInputOf,
  DEFAULT_MODELS,
  EMBEDDERS,
  FALLBACKS,
  parseRunConfig,
  RUNNERS,
  type RunConfig,
} from '../session/run-config';
import { CONFIG_KEY } from '../session/run-session';
import { loadSimulatedPool, parseSimulatedName } from '../session/simulated';
import { outputOf } from './shared';

interface InitArgs {
  runDir: string;
  dataset: string;
  runner: RunConfig['runner'];
  model?: string;
  embedder?: NonNullable<RunConfig['embedder']>;
  baseUrl?: string;
  budget?: number;
  batchSize: number;
  expertsPerItem?: number;
  policy: RunConfig['policy'];
  fallback: NonNullable<RunConfig['fallback']>;
  maxIterations: number;
  fineTuneShare: number;
  limit?: number;
  json?: boolean;
  quiet?: boolean;
  seed?: number;
}

interface Pool {
  readonly name: string;
  readonly dir: string;
  readonly task: string;
  readonly labels: readonly [string, string];
  readonly positive: string;
  readonly items: Item[];
  /** Labels that come with the pool and belong in the ledger from the start (crowd labels). */
  readonly crowd: Label[];
}

async function loadPool(io: CliIo, args: InitArgs, seed: number): Promise<Pool> {
  const simulated = parseSimulatedName(args.dataset);
  if (simulated !== undefined) return loadSimulatedPool(simulated, { seed, size: args.limit });
  const dataset = await loadDataset(args.dataset, { env: io.env, cwd: io.cwd });
  const count = Math.min(dataset.items.ids.length, args.limit ?? Number.POSITIVE_INFINITY);
  const items: Item[] = [];
  for (let index = 0; index < count; index++) {
    items.push({ id: dataset.items.ids[index] ?? '', text: dataset.items.texts[index] ?? '' });
  }
  const crowd: Label[] = labelsOfRole(dataset, 'crowd', { items: count });
  const { manifest } = dataset;
  return {
    name: args.dataset,
    dir: dataset.dir,
    task: manifest.task,
    labels: [manifest.labels[0], manifest.labels[1]],
    positive: manifest.positive,
    items,
    crowd,
  };
}

/** `borderline init`: validates the configuration and creates the run with its pool. */
export function initCommand(io: CliIo): CommandModule<object, InitArgs> {
  return {
    command: 'init <run-dir>',
    describe: 'Create a run: the pool, the configuration (validated), and the loop state',
    builder: (yargs) =>
      yargs
        .positional('run-dir', { type: 'string', demandOption: true, describe: 'A new (or empty) directory' })
        .option('dataset', {
          type: 'string',
          demandOption: true,
          describe: 'A dataset folder or name (looked up in BORDERLINE_DATA_PATH), or sim:lower / sim:higher',
        })
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
        })
        .option('budget', { type: 'number', describe: 'Total items that may go to the experts' })
        .option('batch-size', {
          type: 'number',
          default: 100,
          describe: 'Items sent to the experts per iteration',
        })
        .option('experts-per-item', {
          type: 'number',
          describe: 'Experts asked per item (recorded/simulated runs)',
        })
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
        .option('max-iterations', {
          type: 'number',
          default: 6,
          describe: 'Iteration cap of the stopping rule',
        })
        .option('fine-tune-share', {
          type: 'number',
          default: 0.62,
          describe: 'Share of labelled items used to fine-tune',
        })
        .option('limit', {
          type: 'number',
          describe: 'Use only the first N items of the dataset (sim: the pool size)',
        })
        .example('$0 init runs/abuse --dataset convabuse', 'A local run over ConvAbuse')
        .example(
          '$0 init runs/ads --dataset sim:lower --limit 20000 --budget 600',
          'A run over the simulated ads world',
        )
        .example(
          '$0 init runs/oa --dataset ./my-data --runner openai --model gpt-4o-mini',
          'LLM-0 via OpenAI',
        )
        .example(
          '$0 init runs/local --dataset ./my-data --runner openai --base-url http://127.0.0.1:11434/v1 --model llama3.2',
          'Ollama',
        ) as never,
    handler: async (args) => {
      const output = outputOf(io, args);
      const seed = args.seed ?? 1;
      const pool = await loadPool(io, args, seed);
      const model = args.model ?? DEFAULT_MODELS[args.runner];
      if (model === undefined) {
        throw invalidArgument('init', `--runner ${args.runner} needs --model (the path of a GGUF file)`);
      }
      const config = parseRunConfig(
        {
          format: 'borderline.run-config',
          version: 2,
          dataset: {
            name: pool.name,
            dir: pool.dir,
            task: pool.task,
            labels: pool.labels,
            positive: pool.positive,
            items: pool.items.length,
            ...(args.limit === undefined ? {} : { limit: args.limit }),
          },
          runner: args.runner,
          model,
          embedder: args.embedder ?? (parseSimulatedName(args.dataset) === undefined ? 'use-lite' : 'glove'),
          ...(args.baseUrl === undefined ? {} : { baseUrl: args.baseUrl }),
          policy: args.policy,
          fallback: args.fallback,
          ...(args.expertsPerItem === undefined ? {} : { expertsPerItem: args.expertsPerItem }),
          loop: {
            batchSize: args.batchSize,
            fineTuneShare: args.fineTuneShare,
            seed,
            stop: {
              maxIterations: args.maxIterations,
              ...(args.budget === undefined ? {} : { budget: args.budget }),
            },
          },
        },
        'init',
      );
      const curation = createCurationConfig(curationInputOf(config));
      const { state } = startCuration(curation, pool.items.length);
      const runDir = resolve(io.cwd, args.runDir);
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
      } catch (error) {
        store.close();
        rmSync(runDir, { recursive: true, force: true });
        throw error;
      }
      store.close();
      output.result({ run: runDir, items: pool.items.length, crowdLabels: pool.crowd.length, config }, () =>
        [
          `created run ${runDir}`,
          `  pool: ${pool.items.length} items of ${config.dataset.name} (${config.dataset.labels.join(' / ')})`,
          `  runner: ${config.runner} ${config.model}; embedder ${config.embedder}; policy ${config.policy}; ${curation.batchSize} per iteration; seed ${config.loop.seed}`,
          pool.crowd.length > 0 ? `  ledger: ${pool.crowd.length} crowd label(s) from the dataset` : '',
          'next: borderline prelabel <run-dir>',
        ]
          .filter((line) => line !== '')
          .join('\n'),
      );
    },
  };
}
