import { join } from 'node:path';
import { invalidArgument } from '@borderline/core';
import type { ConflictPolicy } from '@borderline/ingest';
import type { Pool } from './pool';
import { DEFAULT_MODELS, DROPPED_ROWS_FILE, parseRunConfig, type RunConfig } from './run-config';
import { parseSimulatedName } from './simulated';

/** What `init` was asked. */
export interface InitArgs {
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
  onConflict?: ConflictPolicy;
  skipInvalid?: boolean;
  json?: boolean;
  quiet?: boolean;
  seed?: number;
}

/** What the run's configuration records of its pool: the loaded pool's facts, or a sharded dataset's. */
export type PoolSummary = Pick<
  Pool,
  'name' | 'dir' | 'task' | 'labels' | 'positive' | 'conflicts' | 'dropped' | 'context'
> & {
  /** Items in the pool. */
  readonly count: number;
  /** Shard files of a sharded dataset. */
  readonly shards?: number;
};

/** The messy-data choices as the run's configuration records them. */
function messyDataConfig(args: InitArgs, pool: PoolSummary) {
  return {
    ...(args.onConflict === undefined
      ? {}
      : { onConflict: args.onConflict, conflicts: pool.conflicts.length }),
    ...(args.skipInvalid === true ? { skipInvalid: true, dropped: pool.dropped.length } : {}),
    ...(pool.context.length === 0 ? {} : { context: [...pool.context] }),
  };
}

export function messyDataLines(args: InitArgs, pool: PoolSummary, runDir: string): string[] {
  const lines: string[] = [];
  if (args.onConflict !== undefined) {
    lines.push(`  changed minds: ${pool.conflicts.length} settled by --on-conflict ${args.onConflict}`);
  }
  if (args.skipInvalid === true) {
    lines.push(
      `  skipped: ${pool.dropped.length} invalid record(s) left out (--skip-invalid), listed in ${join(runDir, DROPPED_ROWS_FILE)}`,
    );
  }
  return lines;
}

/**
 * The options init's configuration fields come from: a problem with one of them names the option the person
 * typed (`--fine-tune-share`), not the field it is stored as (`loop.fineTuneShare`). The other fields come
 * from the dataset and keep their names.
 */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  'dataset.limit': '--limit',
  'dataset.onConflict': '--on-conflict',
  'dataset.skipInvalid': '--skip-invalid',
  runner: '--runner',
  model: '--model',
  baseUrl: '--base-url',
  embedder: '--embedder',
  policy: '--policy',
  fallback: '--fallback',
  expertsPerItem: '--experts-per-item',
  'loop.batchSize': '--batch-size',
  'loop.fineTuneShare': '--fine-tune-share',
  'loop.seed': '--seed',
  'loop.stop.maxIterations': '--max-iterations',
  'loop.stop.budget': '--budget',
};

/** The run's configuration from init's options and the loaded pool, validated; refuses a batch above the budget. */
export function runConfigOf(args: InitArgs, pool: PoolSummary, seed: number): RunConfig {
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
        items: pool.count,
        ...(pool.shards === undefined ? {} : { shards: pool.shards }),
        ...(args.limit === undefined ? {} : { limit: args.limit }),
        ...messyDataConfig(args, pool),
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
    OPTION_OF_FIELD,
  );
  const budget = config.loop.stop.budget;
  if (budget !== undefined && budget < config.loop.batchSize) {
    throw invalidArgument(
      'init',
      `--batch-size ${config.loop.batchSize} is larger than --budget ${budget}: the first batch alone would spend more than the budget; use --batch-size ${budget} or less, or a larger --budget`,
    );
  }
  return config;
}
