import { invalidArgument } from '@borderline/core';
import { isPolicyName, type PolicyName } from '@borderline/sampling';

/** Where the replay writes its progress and table (tests capture it). */
export interface ReplayOutput {
  write(text: string): void;
}

/** Options of `run`. */
export interface ReplayOptions {
  /** Seeds every random choice; default 1. */
  readonly seed?: number;
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

/** Options with defaults filled and checked. */
export interface ResolvedOptions {
  readonly seed: number;
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

/** Fills defaults and refuses bad values with an `invalid-argument` error naming the option. */
export function resolveOptions(options: ReplayOptions): ResolvedOptions {
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw invalidArgument('replay', `--seed must be an integer, got ${seed}`);
  const poolSize = options.poolSize ?? 100_000;
  if (!Number.isInteger(poolSize) || poolSize < 2_000) {
    throw invalidArgument('replay', `--pool-size must be an integer >= 2000, got ${poolSize}`);
  }
  const policies = options.policies ?? ['boundary-pairs'];
  if (policies.length === 0) throw invalidArgument('replay', '--policies needs at least one policy');
  for (const policy of policies) {
    if (!isPolicyName(policy)) throw invalidArgument('replay', `--policies: unknown policy "${policy}"`);
  }
  if (new Set(policies).size !== policies.length)
    throw invalidArgument('replay', '--policies names a policy twice');
  const scenario = options.dataset !== undefined ? 'dataset' : (options.scenario ?? 'paper');
  if (!['paper', 'convabuse', 'dataset'].includes(scenario)) {
    throw invalidArgument('replay', `--scenario must be paper or convabuse, got ${scenario}`);
  }
  return {
    seed,
    out: options.out,
    scenario,
    dataset: scenario === 'convabuse' ? 'convabuse' : options.dataset,
    policies: policies as PolicyName[],
    poolSize,
    quiet: options.quiet ?? false,
    parallel: options.parallel ?? true,
    stdout: options.stdout ?? { write: (text) => process.stdout.write(text) },
    signal: options.signal,
  };
}
