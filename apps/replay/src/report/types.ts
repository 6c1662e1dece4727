/**
 * The replay's report (`report.json`). Fields may be added, never renamed: other tools read this file.
 * Everything outside `timings` is a pure function of the scenario and the seed.
 */
export interface ReplayReport {
  readonly scenario: string;
  /** The first seed (the only one of a single-seed replay). */
  readonly seed: number;
  /** Every seed replayed, in order; one entry for a single-seed replay. */
  readonly seeds?: readonly number[];
  /** How the curated runs chose and trained, defaults filled in (absent in reports written before it). */
  readonly method?: ReplayMethod;
  /** Per-seed rows: with several seeds every row carries its `seed`. */
  readonly tasks: readonly TaskReport[];
  readonly conditions: readonly ConditionReport[];
  /** Plain-language findings, including where curated data did not beat the baseline. */
  readonly findings?: readonly string[];
  /** Means and 95% intervals over the seeds, paired differences and label-efficiency curves. */
  readonly summary?: SeedSummary;
  /** Wall-clock figures; the only part that differs between two runs with the same seed. */
  readonly timings: ReportTimings;
}

/** The options that change the method, as the replay ran them (the CLI flags of the same names). */
export interface ReplayMethod {
  readonly policies: readonly string[];
  readonly embedder: string;
  /** Boundary pairs: how the sides are clustered (`sampled` or `full`). */
  readonly selection: string;
  /** Boundary pairs' first batch, pair scoring, sides and uncertainty share; the other policies ignore them. */
  readonly firstBatch: string;
  readonly pairScoring: string;
  readonly sides: string;
  readonly uncertaintyShare: number;
  /** What every fine-tuned model starts from. */
  readonly prior: string;
}

/** One task (policy) of the scenario, measured on its data. */
export interface TaskReport {
  /** The seed of this row (set when the replay ran several seeds). */
  readonly seed?: number;
  /** e.g. `lower`, `higher`, or a dataset name. */
  readonly task: string;
  readonly poolSize: number;
  /** Share of crowd labels that are benign (negative) over the pool; absent without a crowd. */
  readonly crowdBenignShare?: number;
  /** Mean pairwise Cohen's kappa between experts on the task's curated set: the ceiling. */
  readonly expertPairwiseKappa: number;
  /** Crowd vs expert-majority kappa on the task's full curated set; absent without a crowd. */
  readonly crowdExpertKappa?: number;
  /** Items in the task's full curated set (the union over its curated runs). */
  readonly curatedItems?: number;
  /** Audit items with a strict expert majority (drawn uniformly, labelled outside the budget). */
  readonly auditItems?: number;
  /** Paper scenario: expert-majority positive share of the curated set, and the pool's violating share. */
  readonly curatedExpertPositiveShare?: number;
  readonly poolViolatingShare?: number;
  /** Paper scenario: crowd recall of expert-majority violations that are obvious (subtlety < .5) and subtle. */
  readonly crowdRecallObvious?: number;
  readonly crowdRecallSubtle?: number;
  /** Dataset scenario: the recorded expert (or gold) labels replayed. */
  readonly recordedLabels?: number;
  /** Dataset scenario with a crowd: crowd labels recorded, and items with a crowd majority (ties dropped). */
  readonly crowdLabels?: number;
  readonly crowdItems?: number;
}

/** One figure over the seeds: the per-seed values (seed order) and their mean with a 95% t interval. */
export interface SeedFigure {
  /** Per seed, in the order of `seeds`; null where the figure is undefined for that seed. */
  readonly values: readonly (number | null)[];
  /** Seeds with a defined value. */
  readonly n: number;
  readonly mean: number;
  /** mean ± t(.975, n - 1) · sd / √n over the seeds; null below 2 defined values. */
  readonly ci95: readonly [number, number] | null;
}

/** A figure of the table (a task's, or a condition's) summarised over the seeds. */
export interface FigureSummary extends SeedFigure {
  readonly task: string;
  readonly model?: string;
  readonly condition?: string;
  readonly policy?: string;
  /** The field of `TaskReport` or `ConditionReport` summarised, e.g. `kappaModelExpert`. */
  readonly figure: string;
}

/**
 * curated - baseline per seed for one (task, model), on the curated run's final expert evaluation set (both
 * scored on the same items) and on the audit set; the interval is the t interval of the per-seed differences.
 */
export interface PairedDifference {
  readonly task: string;
  readonly model: string;
  readonly policy: string;
  readonly baseline: string;
  readonly evaluation: SeedFigure;
  readonly audit: SeedFigure;
}

/** One point of a label-efficiency curve: iteration i's model, over the seeds that reached it. */
export interface CurvePoint {
  readonly iteration: number;
  /** Mean expert labels used (cumulative items sent to the experts) at this iteration. */
  readonly expertLabels: number;
  /** Mean audit kappa and its 95% t band over the seeds (null band below 2 seeds). */
  readonly kappa: number;
  readonly band: readonly [number, number] | null;
  readonly n: number;
}

/**
 * Audit-set kappa against expert labels used, for one run kind of a (task, model): mean and band per iteration,
 * and the normalised area under the curve per seed (the mean audit kappa over a common label range, the curve
 * held flat after its last point: equal budgets compare on equal ranges).
 */
export interface CurveSummary {
  readonly task: string;
  readonly model: string;
  readonly condition: string;
  readonly policy: string;
  readonly points: readonly CurvePoint[];
  /** The expert-label range the area is taken over (the same for every curve of the (task, model)). */
  readonly areaRange: readonly [number, number];
  readonly area: SeedFigure;
}

/** What the seeds give together. */
export interface SeedSummary {
  readonly seeds: readonly number[];
  /** How the intervals are made: a two-sided 95% Student t interval over the seeds. */
  readonly interval: 't95-over-seeds';
  readonly figures: readonly FigureSummary[];
  readonly paired: readonly PairedDifference[];
  readonly curves: readonly CurveSummary[];
}

/** One (task, model, condition) cell of the experiment. */
export interface ConditionReport {
  /** The seed of this row (set when the replay ran several seeds). */
  readonly seed?: number;
  readonly task: string;
  /** e.g. `small`, `large`. */
  readonly model: string;
  /**
   * `curated` (the curation loop), `crowd-baseline` (fine-tuned on all crowd labels), `llm-0` (the zero-shot
   * model), `random` (random selection at the same budget), `single-annotator` (all items, one annotator each).
   */
  readonly condition: string;
  /** The sampling policy, for curated runs (`boundary-pairs`, `random`, `uncertainty`, `k-center`, ...). */
  readonly policy?: string;
  readonly iterations: number;
  readonly fineTuneExamples: number;
  readonly evalExamples: number;
  /** Positive share of the expert labels the model was trained or evaluated on. */
  readonly positiveShare?: number;
  /** Model vs expert-majority kappa on the final expert evaluation set. */
  readonly kappaModelExpert: number;
  readonly kappaCi95?: readonly [number, number];
  /** Kappa on the audit set: items drawn uniformly from the pool, labelled by the experts, outside the budget. */
  readonly kappaAudit?: number;
  /** Kappa after each iteration (index 0: the starting model). */
  readonly kappaPerIteration?: readonly number[];
  /** Cumulative expert-labelled items after each iteration, aligned with `kappaPerIteration`. */
  readonly expertLabelsPerIteration?: readonly number[];
  readonly stopReason?: string;
  /** Curated runs: kappa on the audit set of the model behind each `kappaPerIteration` entry. */
  readonly auditKappaPerIteration?: readonly number[];
  /** Curated runs: mean pairwise expert kappa over the run's curated set at its last iteration. */
  readonly internalAlignment?: number;
  /** Curated runs: items sent to the experts, and those they could not label. */
  readonly expertItemsReviewed?: number;
  readonly unavailableItems?: number;
  /** Curated runs: items a fallback policy filled into short batches (sampling's `Selection.fallback`). */
  readonly fallbackItems?: number;
  /**
   * Other policies' runs, scored on the primary run's final evaluation set: their kappa on their own evaluation
   * set and its size.
   */
  readonly kappaOwnEvaluation?: number;
  readonly ownEvalExamples?: number;
}

/** Wall-clock figures in seconds. */
export interface ReportTimings {
  readonly totalSeconds: number;
  readonly stages?: Readonly<Record<string, number>>;
}

/** The paper's published figures for one task, as the replay prints them beside ours. */
export interface PaperTaskFigures {
  readonly task: string;
  readonly label: string;
  readonly crowdLabels: string;
  readonly iterations: number;
  readonly fineTuneExamples: number;
  readonly evalExamples: number;
  readonly positiveShare: number;
  readonly expertPairwiseKappa: number;
  readonly crowdExpertKappa: number;
  /** Larger model (Gemini Nano-2, 3.25B): crowd baseline -> curated. */
  readonly large: readonly [number, number];
  /** Smaller model (Nano-1, 1.8B): the paper reports no clear gain. */
  readonly small: string;
}

/**
 * "Achieving 10,000x training data reduction with high-fidelity labels" (Google Ads, 2025): the figures our
 * replay is compared with. Approximate where the paper gives approximations (~).
 */
export const PAPER_FIGURES: readonly PaperTaskFigures[] = [
  {
    task: 'lower',
    label: 'lower complexity',
    crowdLabels: '~100K, ~95% benign',
    iterations: 6,
    fineTuneExamples: 400,
    evalExamples: 250,
    positiveShare: 0.4,
    expertPairwiseKappa: 0.81,
    crowdExpertKappa: 0.59,
    large: [0.36, 0.56],
    small: 'no clear gain',
  },
  {
    task: 'higher',
    label: 'higher complexity',
    crowdLabels: '~100K, ~95% benign',
    iterations: 5,
    fineTuneExamples: 250,
    evalExamples: 150,
    positiveShare: 0.4,
    expertPairwiseKappa: 0.78,
    crowdExpertKappa: 0.41,
    large: [0.23, 0.38],
    small: 'no clear gain',
  },
];
