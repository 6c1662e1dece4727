import { BorderlineError } from '@borderline/core';
import { CONFLICT_POLICIES } from '@borderline/ingest';
import { CURATION_SIDES, type CurationConfigInput, type CurationSides, sidesProblem } from '@borderline/loop';
import {
  FALLBACK_NAMES,
  FIRST_BATCHES,
  type FirstBatch,
  PAIR_SCORINGS,
  type PairScoring,
  POLICY_NAMES,
} from '@borderline/sampling';
import { z } from 'zod';

/** Runners a run can use. `local` needs no network and no download. */
export const RUNNERS = ['local', 'openai', 'gemini', 'llama-cpp'] as const;

/**
 * The local embedders of the pool: `use-lite` (Universal Sentence Encoder lite, 512-d, the default for a user's
 * data) or `glove` (an average of GloVe word vectors, 100-d; faster, weaker). Runs made before the option existed
 * have none recorded and embed with `glove`.
 */
export const EMBEDDERS = ['use-lite', 'glove'] as const;

/** A local embedder's name. */
export type EmbedderName = (typeof EMBEDDERS)[number];

/**
 * What fills a boundary-pair batch that comes up short of the batch size (the model predicts almost one class,
 * so there are few cross-label pairs; typical of a weak LLM-0 on a rare-positive pool): one of sampling's
 * baselines, or `none`, which sends the short batch as it is.
 */
export const FALLBACKS = [...FALLBACK_NAMES, 'none'] as const;

/**
 * The loop's configuration input (`CurationConfigInput` of @borderline/loop without the labels, which come from
 * the dataset), as given at init. The run's live configuration is the loop state's: after init it changes only
 * through a loop transition (`extendRun`), never by editing this record.
 */
const loopInputSchema = z
  .object({
    /** Items sent to the experts per iteration. */
    batchSize: z.number().int().positive(),
    fineTuneShare: z.number().gt(0).lt(1),
    seed: z.number().int(),
    threshold: z.number().gt(0).lt(1).optional(),
    tiePolicy: z.enum(['exclude', 'positive', 'negative']).optional(),
    weighting: z.enum(['none', 'agreement']).optional(),
    /** How the selection's predicted sides are drawn (`--sides`; absent: `threshold`, see `CurationConfig.sides`). */
    sides: z.enum(CURATION_SIDES).optional(),
    stop: z
      .object({
        target: z.enum(['alignment', 'alignment-ci-lower', 'kappa-ci-lower']).optional(),
        maxIterations: z.number().int().positive(),
        /** Total items that may be sent to the experts; unlimited when absent. */
        budget: z.number().int().positive().optional(),
        minEvaluationPerClass: z.number().int().nonnegative().optional(),
      })
      .strict(),
  })
  .strict();

/**
 * A run's configuration, validated at `init` and stored in the run. Nothing secret is ever part of it: API keys
 * come from the environment each time a command runs.
 */
export const runConfigSchema = z
  .object({
    format: z.literal('borderline.run-config'),
    version: z.literal(2),
    dataset: z.object({
      /** The name or path given to `init`, and the folder it resolved to. */
      name: z.string().min(1),
      dir: z.string().min(1),
      task: z.string(),
      labels: z.tuple([z.string().min(1), z.string().min(1)]),
      positive: z.string().min(1),
      /** Items taken from the dataset (all, or the first `limit`). */
      items: z.number().int().positive(),
      /** A sharded dataset: how many shard files hold the pool (the manifest is in the run store). */
      shards: z.number().int().positive().optional(),
      limit: z.number().int().positive().optional(),
      /** How an annotator's changed mind was settled at init (`--on-conflict`; absent: `error`, strict). */
      onConflict: z.enum(CONFLICT_POLICIES).optional(),
      /** Whether bad records were left out at init (`--skip-invalid`), and how many were. */
      skipInvalid: z.boolean().optional(),
      dropped: z.number().int().nonnegative().optional(),
      /** Changed minds `onConflict` settled. */
      conflicts: z.number().int().nonnegative().optional(),
      /** The `meta` fields reviewers see beside an item's text (the dataset's context fields). */
      context: z.array(z.string().min(1)).optional(),
    }),
    runner: z.enum(RUNNERS),
    /** local: `small` | `large`; openai/gemini: the model name; llama-cpp: a GGUF path. */
    model: z.string().min(1),
    /** An OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp server); the key still comes from the env. */
    baseUrl: z.string().url().optional(),
    /** The pool's embedder (see {@link EMBEDDERS}); absent in runs made before the option: `glove`. */
    embedder: z.enum(EMBEDDERS).optional(),
    policy: z.enum(POLICY_NAMES),
    /** Absent in runs made before the option existed: those behave as `none`. */
    fallback: z.enum(FALLBACKS).optional(),
    /** Boundary pairs' first batch (`--first-batch`; absent, in runs made before init recorded it: `pairs`). */
    firstBatch: z.enum(FIRST_BATCHES).optional(),
    /** How boundary pairs rank candidate pairs (`--pair-scoring`; absent, in runs made before: `distance`). */
    pairScoring: z.enum(PAIR_SCORINGS).optional(),
    /** Experts asked per item (recorded: the first N of an item's experts by id; simulated: panel size). */
    expertsPerItem: z.number().int().positive().optional(),
    loop: loopInputSchema,
  })
  .strict()
  .superRefine((config, context) => {
    if (!config.dataset.labels.includes(config.dataset.positive)) {
      context.addIssue({
        code: 'custom',
        path: ['dataset', 'positive'],
        message: `"${config.dataset.positive}" is not one of the dataset's labels`,
      });
    }
    if (config.runner === 'local' && !['small', 'large'].includes(config.model)) {
      context.addIssue({
        code: 'custom',
        path: ['model'],
        message: `the local runner takes small or large, got "${config.model}"`,
      });
    }
    if (config.baseUrl !== undefined && config.runner !== 'openai') {
      context.addIssue({
        code: 'custom',
        path: ['baseUrl'],
        message: `only the openai runner takes a base URL (this run's runner is ${config.runner})`,
      });
    }
    for (const problem of selectionProblems(config)) context.addIssue({ code: 'custom', ...problem });
  });

/** A validated run configuration. */
export type RunConfig = z.infer<typeof runConfigSchema>;

/**
 * The selection's choices beside the policy, as the run makes them (see {@link selectionOf}): boundary pairs' first
 * batch and pair scoring, and the sides (for another policy, only when not at the threshold).
 */
export interface SelectionSettings {
  readonly firstBatch?: FirstBatch;
  readonly pairScoring?: PairScoring;
  readonly sides?: CurationSides;
}

/** What the selection's choices may not combine: each problem's field and why. */
function selectionProblems(config: {
  readonly policy: string;
  readonly firstBatch?: FirstBatch | undefined;
  readonly pairScoring?: PairScoring | undefined;
  readonly loop: { readonly sides?: CurationSides | undefined };
}): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  const boundaryPairs = config.policy === 'boundary-pairs';
  for (const [field, value, standard] of [
    ['firstBatch', config.firstBatch, 'pairs'],
    ['pairScoring', config.pairScoring, 'distance'],
  ] as const) {
    if (!boundaryPairs && value !== undefined && value !== standard) {
      problems.push({
        path: [field],
        message: `only applies to boundary pairs (this run's policy is ${config.policy})`,
      });
    }
  }
  const sides = sidesProblem(config.loop.sides, config);
  if (sides !== undefined) {
    problems.push({
      path: ['loop', 'sides'],
      message: `${sides} (--policy boundary-pairs --first-batch score-strata)`,
    });
  }
  return problems;
}

/**
 * A run's selection choices as it makes them. A boundary-pair run records its first batch and pair scoring from
 * init (the loop's `resolveSelection`); a run made before they were recorded has none, and selects as it always
 * did: the pairs first batch and distance scoring. The sides are absent from the record at the threshold.
 * `sides` defaults to the configuration's; `status` passes the loop state's, which is what the loop uses.
 */
export function selectionOf(
  config: Pick<RunConfig, 'policy' | 'firstBatch' | 'pairScoring' | 'loop'>,
  sides: CurationSides | undefined = config.loop.sides,
): SelectionSettings {
  if (config.policy !== 'boundary-pairs')
    return sides === undefined || sides === 'threshold' ? {} : { sides };
  return {
    firstBatch: config.firstBatch ?? 'pairs',
    pairScoring: config.pairScoring ?? 'distance',
    sides: sides ?? 'threshold',
  };
}

/** The selection's choices as words (`first batch score-strata, pair scoring doubt, sides first-batch-share`), or ''. */
export function selectionText(settings: SelectionSettings): string {
  return [
    settings.firstBatch === undefined ? '' : `first batch ${settings.firstBatch}`,
    settings.pairScoring === undefined ? '' : `pair scoring ${settings.pairScoring}`,
    settings.sides === undefined ? '' : `sides ${settings.sides}`,
  ]
    .filter((part) => part !== '')
    .join(', ');
}

/** The default model per runner. */
export const DEFAULT_MODELS: Readonly<Record<RunConfig['runner'], string | undefined>> = {
  local: 'large',
  openai: 'gpt-4o-mini',
  gemini: 'gemini-2.0-flash',
  'llama-cpp': undefined,
};

/** The file beside a run's database listing the records `--skip-invalid` left out (one JSON object a line). */
export const DROPPED_ROWS_FILE = 'dropped-rows.jsonl';

/** What a run's reviewers are asked and shown: the labels, the task question, the item's context fields. */
export function reviewContextOf(config: RunConfig): {
  readonly labels: readonly [string, string];
  readonly question: string;
  readonly fields?: readonly string[];
} {
  return {
    labels: config.dataset.labels,
    question: config.dataset.task,
    ...(config.dataset.context === undefined ? {} : { fields: config.dataset.context }),
  };
}

/** The embedder a run uses (runs made before `--embedder` existed use `glove`). */
export function embedderOf(config: RunConfig): EmbedderName {
  return config.embedder ?? 'glove';
}

/** The loop's configuration input of a run, with the dataset's labels: what `createCurationConfig` takes. */
export function curationInputOf(config: RunConfig): CurationConfigInput {
  const { stop, ...rest } = config.loop;
  return { labels: config.dataset.labels, positive: config.dataset.positive, ...rest, stop };
}

/** A version-1 record (runs made before the loop input was embedded) in today's shape. */
function upgrade(value: unknown): unknown {
  const old = value as Record<string, unknown> | null;
  if (old === null || typeof old !== 'object' || old.version !== 1) return value;
  const { batchSize, fineTuneShare, seed, maxIterations, budget, ...rest } = old;
  return {
    ...rest,
    version: 2,
    loop: {
      batchSize,
      fineTuneShare,
      seed,
      stop: { maxIterations, ...(budget === undefined ? {} : { budget }) },
    },
  };
}

/** What a problem adds about the value it found: ` (got 2)`, ` (got "x")`; nothing for NaN or a record. */
function foundText(input: unknown): string {
  if (typeof input === 'number' && !Number.isNaN(input)) return ` (got ${input})`;
  return typeof input === 'string' ? ` (got ${JSON.stringify(input)})` : '';
}

/**
 * Validates a configuration, naming every bad field (`invalid-argument`). Version-1 records are read too.
 * `names` says what to call a field instead of its path: `init` names the option the value came from
 * (`loop.batchSize` -> `--batch-size`).
 */
export function parseRunConfig(
  value: unknown,
  source = 'run config',
  names: Readonly<Record<string, string>> = {},
): RunConfig {
  const parsed = runConfigSchema.safeParse(upgrade(value), { reportInput: true });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.join('.');
    return `  ${names[path] ?? (path || '(root)')}: ${issue.message}${foundText(issue.input)}`;
  });
  throw new BorderlineError({
    code: 'invalid-argument',
    message: `${source}: ${problems.length} problem(s)\n${problems.join('\n')}`,
  });
}
