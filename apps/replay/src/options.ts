import { availableParallelism } from 'node:os';
import { invalidArgument } from '@borderline/core';
import { boundaryPairSelection, CURATION_SIDES, type CurationSides, sidesProblem } from '@borderline/loop';
import {
  FIRST_BATCHES,
  type FirstBatch,
  isPolicyName,
  PAIR_SCORINGS,
  type PairScoring,
  type PolicyName,
} from '@borderline/sampling';
import type { SelectionMode } from './replay-policy';

/** The replay's default `SelectionMode`: how boundary pairs cluster the sides (not the loop's selection). */
export const DEFAULT_SELECTION_MODE: SelectionMode = 'sampled';

/** Where the replay writes its progress and table (tests capture it). */
export interface ReplayOutput {
  write(text: string): void;
}

/** Options of `run`. */
export interface ReplayOptions {
  /** Seeds every random choice; default 1. Ignored when `seeds` is given. */
  readonly seed?: number;
  /** Replays every condition once per seed (a count `5`, a range `1-5` or a list `1,3,7` on the command line). */
  readonly seeds?: readonly number[];
  /** Worker threads for the (seed, task) jobs; default min(2, cores). From source (tests) jobs run in-process. */
  readonly workers?: number;
  /** Embedder: `use-lite` (default on recorded data) or `glove` (default in the paper scenario). */
  readonly embedder?: ReplayEmbedder;
  /** How boundary pairs cluster the pool's sides; default `sampled` (see `SelectionMode`). */
  readonly selection?: SelectionMode;
  /** Boundary pairs: share of each batch, in [0, 1), chosen by uncertainty sampling; default 0 (pairs only). */
  readonly uncertaintyShare?: number;
  /** Boundary pairs: how candidate pairs are ranked (sampling's `PairScoring`); default the loop's `doubt`. */
  readonly pairScoring?: PairScoring;
  /** Boundary pairs: what the first batch is (sampling's `FirstBatch`); default the loop's `score-strata`. */
  readonly firstBatch?: FirstBatch;
  /**
   * How boundary pairs draw the predicted sides (see `ReplaySides`); default `first-batch-share` with the
   * score-strata first batch, else `threshold` (the loop's `resolveSelection`).
   */
  readonly sides?: ReplaySides;
  /** What the fine-tuned models start from (see `ReplayPrior`); default {@link DEFAULT_PRIOR}. */
  readonly prior?: ReplayPrior;
  /** Folder for report.json, report.md and kappa.svg; nothing is written without it. */
  readonly out?: string;
  /** `paper` (the synthetic ads world, default) or `convabuse` (recorded real labels). */
  readonly scenario?: 'paper' | 'convabuse';
  /** A dataset folder (or name on BORDERLINE_DATA_PATH) to replay on its recorded expert labels. */
  readonly dataset?: string;
  /** Sampling policies to compare at equal budget; default boundary pairs only. */
  readonly policies?: readonly string[];
  /** Ads per task in the paper scenario; default 100,000. */
  readonly poolSize?: number;
  /** No progress lines: only the table. */
  readonly quiet?: boolean;
  /** Replay the paper's two tasks on two threads when the built worker is present; default true. */
  readonly parallel?: boolean;
  /** Progress and the table; default process.stdout. */
  readonly stdout?: ReplayOutput;
  readonly signal?: AbortSignal;
}

/**
 * What every fine-tuned model (curated runs and the crowd baseline alike) starts from: `none`, the untrained
 * head; `llm-0`, LLM-0's zero-shot head as a prior (`createLocalClassifier({ prior })` of `@borderline/runners`:
 * a warm start at LLM-0 and a penalty toward it).
 */
export type ReplayPrior = 'none' | 'llm-0';

/** The replay's default prior. */
export const DEFAULT_PRIOR: ReplayPrior = 'none';

/**
 * How the selection's predicted sides are drawn (the loop's `CurationConfig.sides`): `threshold`, at the run's
 * threshold; `labelled-share`, the top q of the pool's scores positive, q the expert-labelled positive share;
 * `first-batch-share`, q the positive share of the first batch alone (needs `--first-batch score-strata`, which
 * makes that batch a stratified sample of the pool, so q estimates the pool's rate).
 */
export type ReplaySides = CurationSides;

/** The embedders a replay can run on: USE-lite (pretrained sentence encoder) or the GloVe-average local one. */
export type ReplayEmbedder = 'use-lite' | 'glove';

/** Options with defaults filled and checked. */
export interface ResolvedOptions {
  /** The first of `seeds` (what single-seed code reads). */
  readonly seed: number;
  readonly seeds: readonly number[];
  readonly workers: number;
  /** Given, or the scenario's default: GloVe for the paper scenario, USE-lite on recorded data. */
  readonly embedder: ReplayEmbedder;
  readonly selection: SelectionMode;
  readonly uncertaintyShare: number;
  readonly pairScoring: PairScoring;
  readonly firstBatch: FirstBatch;
  readonly prior: ReplayPrior;
  readonly sides: ReplaySides;
  readonly out: string | undefined;
  readonly scenario: 'paper' | 'convabuse' | 'dataset';
  readonly dataset: string | undefined;
  readonly policies: readonly PolicyName[];
  readonly poolSize: number;
  readonly quiet: boolean;
  readonly parallel: boolean;
  readonly stdout: ReplayOutput;
  readonly signal: AbortSignal | undefined;
}

/** `value` if it is one of `allowed`, else an `invalid-argument` error naming the option and its choices. */
function choiceOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidArgument('replay', `${flag} must be ${allowed.join(' or ')}, got ${value}`);
  }
  return value as T;
}

/** {@link choiceOf} of an option that may be absent: undefined stays undefined. */
function optionalChoiceOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  return value === undefined ? undefined : choiceOf(flag, value, allowed);
}

/** The seeds (default: `seed`, else 1): at least one, integers, none twice. */
function resolveSeeds(options: ReplayOptions): readonly number[] {
  const seeds = options.seeds ?? [options.seed ?? 1];
  if (seeds.length === 0) throw invalidArgument('replay', '--seeds needs at least one seed');
  for (const seed of seeds) {
    if (!Number.isSafeInteger(seed))
      throw invalidArgument('replay', `--seed must be an integer, got ${seed}`);
  }
  if (new Set(seeds).size !== seeds.length) throw invalidArgument('replay', '--seeds names a seed twice');
  return seeds;
}

/** The worker threads (default min(2, cores)): a positive integer. */
function resolveWorkers(options: ReplayOptions): number {
  const workers = options.workers ?? Math.max(1, Math.min(2, availableParallelism()));
  if (!Number.isInteger(workers) || workers < 1) {
    throw invalidArgument('replay', `--workers must be a positive integer, got ${workers}`);
  }
  return workers;
}

/** How the curated runs select and train: the embedder, boundary pairs' settings, the sides and the prior. */
function resolveMethod(options: ReplayOptions) {
  const selection = choiceOf<SelectionMode>('--selection', options.selection ?? DEFAULT_SELECTION_MODE, [
    'sampled',
    'full',
  ]);
  const uncertaintyShare = options.uncertaintyShare ?? 0;
  if (!(uncertaintyShare >= 0 && uncertaintyShare < 1)) {
    throw invalidArgument('replay', `--uncertainty-share must be in [0, 1), got ${uncertaintyShare}`);
  }
  const given = {
    firstBatch: optionalChoiceOf('--first-batch', options.firstBatch, FIRST_BATCHES),
    pairScoring: optionalChoiceOf('--pair-scoring', options.pairScoring, PAIR_SCORINGS),
    sides: optionalChoiceOf('--sides', options.sides, CURATION_SIDES),
  };
  // The defaults are the loop's, for boundary pairs; the other policies of a comparison ignore these choices.
  const { firstBatch, pairScoring, sides } = boundaryPairSelection(given);
  const sidesRule = sidesProblem(sides, { policy: 'boundary-pairs', firstBatch });
  if (sidesRule !== undefined)
    throw invalidArgument('replay', `--sides ${sides}: ${sidesRule} (--first-batch score-strata)`);
  const prior = choiceOf<ReplayPrior>('--prior', options.prior ?? DEFAULT_PRIOR, ['none', 'llm-0']);
  const embedder = optionalChoiceOf<ReplayEmbedder>('--embedder', options.embedder, ['use-lite', 'glove']);
  return { embedder, selection, uncertaintyShare, pairScoring, firstBatch, prior, sides };
}

/** Ads per task in the paper scenario (default 100,000): an integer of at least 2,000. */
function resolvePoolSize(options: ReplayOptions): number {
  const poolSize = options.poolSize ?? 100_000;
  if (!Number.isInteger(poolSize) || poolSize < 2_000) {
    throw invalidArgument('replay', `--pool-size must be an integer >= 2000, got ${poolSize}`);
  }
  return poolSize;
}

/** The policies to compare (default boundary pairs): at least one, all known, none twice. */
function resolvePolicies(options: ReplayOptions): PolicyName[] {
  const policies = options.policies ?? ['boundary-pairs'];
  if (policies.length === 0) throw invalidArgument('replay', '--policies needs at least one policy');
  for (const policy of policies) {
    if (!isPolicyName(policy)) throw invalidArgument('replay', `--policies: unknown policy "${policy}"`);
  }
  if (new Set(policies).size !== policies.length)
    throw invalidArgument('replay', '--policies names a policy twice');
  return policies as PolicyName[];
}

/** The scenario: `dataset` when a dataset is given, else `scenario` (default `paper`). */
function resolveScenario(options: ReplayOptions): ResolvedOptions['scenario'] {
  const scenario = options.dataset !== undefined ? 'dataset' : (options.scenario ?? 'paper');
  if (!['paper', 'convabuse', 'dataset'].includes(scenario)) {
    throw invalidArgument('replay', `--scenario must be paper or convabuse, got ${scenario}`);
  }
  return scenario;
}

/** Fills defaults and refuses bad values with an `invalid-argument` error naming the option. */
export function resolveOptions(options: ReplayOptions): ResolvedOptions {
  // Checked in this order: the first bad option is the one named.
  const seeds = resolveSeeds(options);
  const workers = resolveWorkers(options);
  const method = resolveMethod(options);
  const poolSize = resolvePoolSize(options);
  const policies = resolvePolicies(options);
  const scenario = resolveScenario(options);
  return {
    seed: seeds[0]!,
    seeds,
    workers,
    embedder: method.embedder ?? (scenario === 'paper' ? 'glove' : 'use-lite'),
    selection: method.selection,
    uncertaintyShare: method.uncertaintyShare,
    pairScoring: method.pairScoring,
    firstBatch: method.firstBatch,
    prior: method.prior,
    sides: method.sides,
    out: options.out,
    scenario,
    dataset: scenario === 'convabuse' ? 'convabuse' : options.dataset,
    policies,
    poolSize,
    quiet: options.quiet ?? false,
    parallel: options.parallel ?? true,
    stdout: options.stdout ?? { write: (text) => process.stdout.write(text) },
    signal: options.signal,
  };
}

/**
 * Parses `--seeds`: a count (`5`: seeds 1-5), a range (`3-7`) or a list (`1,3,7`), refusing anything else with an
 * `invalid-argument` error naming the option.
 */
export function parseSeeds(spec: string): number[] {
  const text = spec.trim();
  const bad = () =>
    invalidArgument('replay', `--seeds must be a count (5), a range (1-5) or a list (1,3,7), got "${spec}"`);
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count < 1) throw bad();
    return Array.from({ length: count }, (_, index) => index + 1);
  }
  const range = /^(-?\d+)\s*-\s*(-?\d+)$/.exec(text);
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (to < from) throw bad();
    return Array.from({ length: to - from + 1 }, (_, index) => from + index);
  }
  if (/^-?\d+(\s*,\s*-?\d+)+$/.test(text)) return text.split(',').map((part) => Number(part.trim()));
  throw bad();
}
