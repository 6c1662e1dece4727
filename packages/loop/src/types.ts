import type { Seed } from '@borderline/core';

/**
 * How an item's expert label is decided when its experts split evenly (e.g. 1 vs 1 when one of three was
 * unavailable): `exclude` keeps it out of the fine-tune and evaluation sets (it still counts for internal
 * alignment), `positive` / `negative` resolve the tie to that class.
 */
export type TiePolicy = 'exclude' | 'positive' | 'negative';

/**
 * What "model kappa reaches internal alignment" means: `alignment` the model kappa is at or above the mean
 * pairwise expert kappa; `alignment-ci-lower` it is at or above the lower end of the experts' 95% interval (a
 * looser target); `kappa-ci-lower` the lower end of the model kappa's own 95% interval is at or above internal
 * alignment (a stricter target that a small, noisy evaluation set cannot meet by luck).
 */
export type StopTarget = 'alignment' | 'alignment-ci-lower' | 'kappa-ci-lower';

/** The stopping rule. Checked after every iteration, in this order: alignment, plateau, cap, budget. */
export interface StopRule {
  readonly target: StopTarget;
  /** Stop when the best kappa of the last `patience` iterations is not `delta` above the best before them. */
  readonly plateau?: { readonly delta: number; readonly patience: number };
  /** The iteration cap (iteration 0, the starting model, does not count). */
  readonly maxIterations: number;
  /** Total items that may be sent to the experts over the whole run; unlimited when absent. */
  readonly budget?: number;
  /**
   * Alignment counts as reached only when the evaluation set holds at least this many items of each expert class
   * (absent: no minimum). With two positives in the set, a model that gets both has kappa 1 and a zero-width
   * interval: no evidence of reaching the ceiling.
   */
  readonly minEvaluationPerClass?: number;
}

/** The rules for the selection's predicted sides (see `CurationConfig.sides`). */
export type CurationSides = 'threshold' | 'labelled-share' | 'first-batch-share';

/** Every {@link CurationSides}, in the order errors list them. */
export const CURATION_SIDES: readonly CurationSides[] = ['threshold', 'labelled-share', 'first-batch-share'];

/** Everything that fixes a run's behaviour. Plain JSON. */
export interface CurationConfig {
  /** The two categories, negative first, and which one is positive (the dataset's manifest). */
  readonly labels: readonly [string, string];
  readonly positive: string;
  /** Items sent to the experts per iteration (a boundary pair counts as two). */
  readonly batchSize: number;
  /** Share of each batch's expert-labelled items that go to fine-tuning; the rest to evaluation. */
  readonly fineTuneShare: number;
  readonly seed: Seed;
  readonly tiePolicy: TiePolicy;
  /** `agreement` weights a fine-tune example by the share of its experts who gave the majority label. */
  readonly weighting: 'none' | 'agreement';
  /** A model's P(positive) at or above this is a positive prediction. */
  readonly threshold: number;
  /**
   * How the selection's two predicted sides are drawn from the scores: `threshold` (absent means this) at
   * `threshold`; `labelled-share` puts the top q of the pool's scores on the positive side, q the positive share
   * of the expert majorities so far (the threshold while there are none, or all of one class);
   * `first-batch-share` the same with q the positive share of the expert majorities on the first batch only. When
   * that batch is a probability sample of the pool (boundary pairs' `score-strata` first batch, or a random one),
   * q estimates the pool's own rate, where later batches, chosen at the boundary, would overstate it.
   */
  readonly sides?: CurationSides;
  readonly stop: StopRule;
}

/** Where a run is: the next thing it needs. */
export type CurationPhase = 'score' | 'select' | 'annotate' | 'evaluate-base' | 'adapt' | 'evaluate' | 'done';

/** One item's expert panel, by pool index. `annotators` are indices into `CurationState.annotators`. */
export interface PanelRecord {
  readonly item: number;
  readonly iteration: number;
  readonly annotators: readonly number[];
  /** 1 positive, 0 negative, aligned with `annotators`. */
  readonly labels: readonly (0 | 1)[];
}

/** An item the experts could not label, with their reason. Never given a label. */
export interface UnavailableRecord {
  readonly item: number;
  readonly iteration: number;
  readonly reason: string;
}

/** How many items of a batch a fallback policy filled, and which policy (sampling's `Selection.fallback`). */
export interface SelectionFallback {
  readonly policy: string;
  readonly items: number;
  /** The rank of the fallback's first item in the batch (absent in events recorded before it was). */
  readonly from?: number;
}

/** One iteration's batch as the policy chose it. */
export interface BatchRecord {
  readonly iteration: number;
  readonly policy: string;
  readonly items: readonly number[];
  readonly warnings: readonly string[];
}

/** An agreement figure with its 95% interval; `null` value when undefined (e.g. an empty set). */
export interface KappaFigure {
  readonly value: number | null;
  readonly ci95: readonly [number, number] | null;
  /** Items (or, for internal alignment, expert pairs with a defined kappa) behind the figure. */
  readonly n: number;
}

/** What one iteration measured. Iteration 0 is the starting model (LLM-0) on the first evaluation set. */
export interface IterationRecord {
  readonly iteration: number;
  readonly modelVersion: number;
  /** Items selected this iteration (0 for iteration 0). */
  readonly selected: number;
  readonly labelled: number;
  readonly unavailable: number;
  /** Cumulative items sent to the experts that the model of this record was trained on. */
  readonly reviewed: number;
  /** Cumulative fine-tune examples the model of this record was trained on. */
  readonly fineTuneExamples: number;
  /** Size of the cumulative evaluation set it was scored on. */
  readonly evalExamples: number;
  /** Items of that set whose expert majority is positive. */
  readonly evalPositives: number;
  /** Positive share of the expert majority labels over the curated set so far. */
  readonly positiveShare: number | null;
  /** Model vs expert majority on the cumulative evaluation set. */
  readonly kappa: KappaFigure;
  /** Mean pairwise expert kappa on the curated set so far. */
  readonly internalAlignment: KappaFigure;
  /** Items whose experts tied (handled by the tie policy), cumulative. */
  readonly ties: number;
}

/** Why a run stopped (or `null`: it continues). */
export type StopReason = 'alignment-reached' | 'plateau' | 'max-iterations' | 'budget' | 'pool-exhausted';

/** The stopping rule's verdict, with a sentence saying why. */
export interface StopDecision {
  readonly stop: boolean;
  readonly reason: StopReason | null;
  readonly iteration: number;
  readonly detail: string;
}

/** The whole state of a run: plain JSON, so the CLI can persist it and a replay can keep it in memory. */
export interface CurationState {
  readonly format: 'borderline.curation-state';
  readonly version: 1;
  readonly config: CurationConfig;
  readonly poolSize: number;
  readonly phase: CurationPhase;
  /** The iteration under way (1-based); 0 before the first. */
  readonly iteration: number;
  /** Version of the current model: 0 the starting model, +1 per adapt. */
  readonly modelVersion: number;
  /** Fine-tune examples the current model was adapted on (0 for the starting model). */
  readonly trainedExamples: number;
  /** Annotator ids, interned (panel records refer to them by index). */
  readonly annotators: readonly string[];
  readonly batches: readonly BatchRecord[];
  readonly panels: readonly PanelRecord[];
  readonly unavailable: readonly UnavailableRecord[];
  /** Pool indices of the cumulative fine-tune and evaluation sets, in the order they were added. */
  readonly fineTune: readonly number[];
  readonly evaluation: readonly number[];
  readonly history: readonly IterationRecord[];
  /** Positives the current model predicted over the pool at its last scoring. */
  readonly poolPositives: number | null;
  readonly stop: StopDecision | null;
}

/** A fine-tune example by pool index (the driver maps it to text or to an embedding row). */
export interface IndexedExample {
  readonly item: number;
  readonly label: 0 | 1;
  readonly weight: number;
}

/** What the run asks its driver to do next. */
export type CurationEffect =
  /** Score the whole pool with the current model (the driver keeps the scores for `select`). */
  | { readonly type: 'score'; readonly iteration: number; readonly modelVersion: number }
  /** Run the sampling policy over the pool; `reviewed` items must not be chosen. */
  | {
      readonly type: 'select';
      readonly iteration: number;
      readonly budget: number;
      readonly seed: string;
      readonly reviewed: readonly number[];
    }
  /** Have the expert panel label these pool items. */
  | { readonly type: 'annotate'; readonly iteration: number; readonly items: readonly number[] }
  /**
   * Score these items with a model: `current` the model in hand (iteration 0 evaluates the starting model
   * this way, before the first adapt).
   */
  | {
      readonly type: 'evaluate';
      readonly iteration: number;
      readonly modelVersion: number;
      readonly items: readonly number[];
    }
  /** Adapt the current model on the cumulative fine-tune set; the result is model `toVersion`. */
  | {
      readonly type: 'adapt';
      readonly iteration: number;
      readonly fromVersion: number;
      readonly toVersion: number;
      readonly examples: readonly IndexedExample[];
    }
  /** Nothing more to do. */
  | { readonly type: 'done'; readonly decision: StopDecision };

/** One item's outcome from the expert panel, by pool index; labels are category names. */
export type IndexedAnnotation =
  | {
      readonly status: 'labelled';
      readonly item: number;
      readonly labels: readonly { readonly annotator: string; readonly label: string }[];
    }
  | { readonly status: 'unavailable'; readonly item: number; readonly reason: string };

/** What the driver hands back for an effect. */
export type CurationResult =
  | { readonly type: 'scored'; readonly positives: number }
  | {
      readonly type: 'selected';
      readonly policy: string;
      readonly items: ArrayLike<number>;
      readonly warnings: readonly string[];
      /** When a fallback policy filled a short batch: which one and how many items (sampling's `Selection`). */
      readonly fallback?: SelectionFallback;
      /** Items by the policy that chose them (sampling's `chosenBy`, counted), when the policy says. */
      readonly chosenBy?: Readonly<Record<string, number>>;
    }
  | { readonly type: 'annotated'; readonly annotations: readonly IndexedAnnotation[] }
  /** P(positive) per evaluated item, in the order of the effect's `items`. */
  | { readonly type: 'evaluated'; readonly scores: ArrayLike<number> }
  | { readonly type: 'adapted' };

/** Progress and report events, emitted by `applyResult` (and by the driver, for timings). */
export type CurationEvent =
  | { readonly type: 'iteration-started'; readonly iteration: number; readonly modelVersion: number }
  | {
      readonly type: 'scored';
      readonly iteration: number;
      readonly positives: number;
      readonly poolSize: number;
    }
  | {
      readonly type: 'selected';
      readonly iteration: number;
      readonly policy: string;
      readonly items: number;
      readonly warnings: readonly string[];
      /** Items of the batch a fallback policy filled, and which policy (absent: none). */
      readonly fallback?: SelectionFallback;
      /**
       * Items by the policy that chose them, e.g. `{ 'score-strata': 100 }` for boundary pairs' first batch or
       * `{ 'boundary-pairs': 80, uncertainty: 20 }` for a filled one (absent when the policy did not say).
       */
      readonly chosenBy?: Readonly<Record<string, number>>;
    }
  | {
      readonly type: 'annotated';
      readonly iteration: number;
      readonly labelled: number;
      readonly unavailable: number;
    }
  | {
      readonly type: 'split';
      readonly iteration: number;
      readonly fineTuneAdded: number;
      readonly evaluationAdded: number;
      readonly fineTune: number;
      readonly evaluation: number;
    }
  | {
      readonly type: 'adapted';
      readonly iteration: number;
      readonly modelVersion: number;
      readonly examples: number;
    }
  | { readonly type: 'evaluated'; readonly record: IterationRecord }
  | { readonly type: 'stopped'; readonly decision: StopDecision }
  /** `extendRun` changed the stopping rule; `reopened` when a run stopped at a cap goes on. */
  | {
      readonly type: 'reconfigured';
      readonly iteration: number;
      readonly stop: StopRule;
      readonly reopened: boolean;
    }
  | { readonly type: 'warning'; readonly iteration: number; readonly message: string }
  /** Emitted by the driver only: wall-clock time of one effect (not part of the state). */
  | {
      readonly type: 'timing';
      readonly iteration: number;
      readonly effect: string;
      readonly milliseconds: number;
    };

/** `applyResult`'s answer: the new state and what happened. */
export interface Transition {
  readonly state: CurationState;
  readonly events: readonly CurationEvent[];
}
