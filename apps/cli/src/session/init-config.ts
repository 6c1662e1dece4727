import { join } from 'node:path';
import { invalidArgument } from '@borderline/core';
import type { ConflictPolicy } from '@borderline/ingest';
import { type ResolvedSelection, resolveSelection } from '@borderline/loop';
import type { Pool } from './pool';
import {
  DEFAULT_MODELS,
  DROPPED_ROWS_FILE,
  parseRunConfig,
  type RunConfig,
  selectionOf,
  selectionText,
} from './run-config';
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
  firstBatch?: NonNullable<RunConfig['firstBatch']>;
  pairScoring?: NonNullable<RunConfig['pairScoring']>;
  sides?: NonNullable<RunConfig['loop']['sides']>;
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

/** The selection's choices, as a line of init's output ('' for a policy with none). */
export function selectionLine(config: RunConfig): string {
  const text = selectionText(selectionOf(config));
  return text === '' ? '' : `  selection: ${text}`;
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
  firstBatch: '--first-batch',
  pairScoring: '--pair-scoring',
  'loop.sides': '--sides',
  expertsPerItem: '--experts-per-item',
  'loop.batchSize': '--batch-size',
  'loop.fineTuneShare': '--fine-tune-share',
  'loop.seed': '--seed',
  'loop.stop.maxIterations': '--max-iterations',
  'loop.stop.budget': '--budget',
};

/**
 * Refuses `--first-batch` and `--pair-scoring` with a policy other than boundary pairs, even at their default
 * values: they would say something about the run that is not so.
 */
function refuseBoundaryPairOptions(args: InitArgs): void {
  if (args.policy === 'boundary-pairs') return;
  const given = [
    args.firstBatch === undefined ? undefined : `--first-batch ${args.firstBatch}`,
    args.pairScoring === undefined ? undefined : `--pair-scoring ${args.pairScoring}`,
  ].filter((option) => option !== undefined);
  if (given.length === 0) return;
  throw invalidArgument(
    'init',
    `${given.join(' and ')}: ${given.length === 1 ? 'only applies' : 'only apply'} to boundary pairs (--policy boundary-pairs), not to --policy ${args.policy}; leave ${given.length === 1 ? 'it' : 'them'} out`,
  );
}

/**
 * Init's selection choices as the configuration records them: boundary pairs' first batch and pair scoring
 * always (given, or the loop's defaults: `resolveSelection`), so a run keeps its method when a later version's
 * defaults change; the sides in `loop`, when not at the threshold.
 */
function selectionConfig(chosen: ResolvedSelection) {
  return {
    ...(chosen.firstBatch === undefined ? {} : { firstBatch: chosen.firstBatch }),
    ...(chosen.pairScoring === undefined ? {} : { pairScoring: chosen.pairScoring }),
  };
}

/** The run's configuration from init's options and the loaded pool, validated; refuses a batch above the budget. */
export function runConfigOf(args: InitArgs, pool: PoolSummary, seed: number): RunConfig {
  const model = args.model ?? DEFAULT_MODELS[args.runner];
  if (model === undefined) {
    throw invalidArgument('init', `--runner ${args.runner} needs --model (the path of a GGUF file)`);
  }
  refuseBoundaryPairOptions(args);
  const selection = resolveSelection(args.policy, args);
  const config = parseRunConfig(
    {
      format: 'borderline.run-config',
      version: 2,
      dataset: datasetConfig(args, pool),
      runner: args.runner,
      model,
      embedder: args.embedder ?? (parseSimulatedName(args.dataset) === undefined ? 'use-lite' : 'glove'),
      ...(args.baseUrl === undefined ? {} : { baseUrl: args.baseUrl }),
      policy: args.policy,
      fallback: args.fallback,
      ...selectionConfig(selection),
      ...(args.expertsPerItem === undefined ? {} : { expertsPerItem: args.expertsPerItem }),
      loop: loopConfig(args, seed, selection),
    },
    'init',
    OPTION_OF_FIELD,
  );
  refuseBatchAboveBudget(config);
  return config;
}

/** The configuration's `dataset`: the pool as loaded, with init's limit and messy-data choices. */
function datasetConfig(args: InitArgs, pool: PoolSummary) {
  return {
    name: pool.name,
    dir: pool.dir,
    task: pool.task,
    labels: pool.labels,
    positive: pool.positive,
    items: pool.count,
    ...(pool.shards === undefined ? {} : { shards: pool.shards }),
    ...(args.limit === undefined ? {} : { limit: args.limit }),
    ...messyDataConfig(args, pool),
  };
}

/** The configuration's `loop`: batch size, fine-tune share, seed, sides (when not the threshold) and the stop. */
function loopConfig(args: InitArgs, seed: number, { sides }: ResolvedSelection) {
  return {
    batchSize: args.batchSize,
    fineTuneShare: args.fineTuneShare,
    seed,
    ...(sides === 'threshold' ? {} : { sides }),
    stop: {
      maxIterations: args.maxIterations,
      ...(args.budget === undefined ? {} : { budget: args.budget }),
    },
  };
}

function refuseBatchAboveBudget(config: RunConfig): void {
  const budget = config.loop.stop.budget;
  if (budget !== undefined && budget < config.loop.batchSize) {
    throw invalidArgument(
      'init',
      `--batch-size ${config.loop.batchSize} is larger than --budget ${budget}: the first batch alone would spend more than the budget; use --batch-size ${budget} or less, or a larger --budget`,
    );
  }
}
