/**
 * The port between `borderline review` and the run's system of record. The server and the page know only this
 * interface; `run-store-backend.ts` implements it over the run store (the one file that touches the store).
 */

/** A context field of an item (its `meta`), shown beside the text. */
export interface ContextField {
  readonly name: string;
  readonly value: string;
}

/** Why the policy chose an item: hidden from the expert unless they ask (it could nudge them). */
export interface Provenance {
  /** 0-based rank in the batch. */
  readonly rank: number;
  /** The selection's reason (e.g. which boundary pair the item belongs to). */
  readonly reason?: string;
  /** The current model's P(positive) for the item, when the run has scored it. */
  readonly score?: number;
}

/** One item to label. */
export interface ReviewItem {
  readonly id: string;
  readonly text: string;
  readonly context: readonly ContextField[];
  readonly provenance: Provenance;
}

/** What the expert sees at once: a boundary pair side by side, or one item. */
export interface ReviewUnit {
  readonly kind: 'pair' | 'single';
  /** Item ids: two for a pair, one otherwise. */
  readonly items: readonly string[];
}

/** The pending batch with everything the page shows about it. Fixed while the server runs. */
export interface ReviewBatch {
  readonly iteration: number;
  /** The task question (the dataset's `task`). */
  readonly task: string;
  /** The dataset's guidelines (its `guidelines`, else its `notes`), one paragraph per entry. */
  readonly guidelines: readonly string[];
  /** The run's two categories, negative first. */
  readonly labels: readonly [string, string];
  readonly positive: string;
  /** Experts each item needs before the batch is complete (`--experts-per-item`, default 1). */
  readonly expertsPerItem: number;
  readonly items: readonly ReviewItem[];
  readonly units: readonly ReviewUnit[];
}

/** One of an expert's confirmed labels: committed to the ledger. */
export interface Decision {
  readonly item: string;
  readonly label: string;
  /** Position in the run's ledger. */
  readonly seq: number;
}

/** How far the batch is: an item is done when `expertsPerItem` experts have labelled it. */
export interface BatchProgress {
  readonly items: number;
  readonly itemsDone: number;
  readonly expertsPerItem: number;
  readonly complete: boolean;
}

/** What one expert may see: their own labels (in the order given) and their own progress. */
export interface ExpertView {
  readonly expert: string;
  /** The iteration whose batch this is (the page reloads when it changes). */
  readonly iteration: number;
  readonly decisions: readonly Decision[];
  readonly labelled: number;
  readonly total: number;
  readonly batch: BatchProgress;
}

/** One pair of experts on this batch: Cohen's kappa on the items both labelled. */
export interface ExpertPairKappa {
  readonly a: string;
  readonly b: string;
  readonly n: number;
  /** `null` when undefined (no shared item, or both used one and the same category). */
  readonly kappa: number | null;
}

/** The batch's agreement among its experts (pairwise Cohen's kappa, with n). */
export interface BatchAgreement {
  readonly experts: readonly string[];
  readonly pairs: readonly ExpertPairKappa[];
  readonly meanPairwiseKappa: number | null;
  readonly definedPairs: number;
}

/** The outcome of recording a decision. */
export type DecideOutcome =
  | { readonly status: 'recorded'; readonly decision: Decision; readonly batch: BatchProgress }
  /** The same label was already in the ledger: nothing written. */
  | { readonly status: 'duplicate'; readonly decision: Decision; readonly batch: BatchProgress }
  /** Another label by this expert is in the ledger; the run's rule refuses a contradiction (undo it first). */
  | { readonly status: 'conflict'; readonly existing: Decision; readonly batch: BatchProgress };

/** The run seen from the review page. Every write is its own transaction, committed before it resolves. */
export interface ReviewBackend {
  readonly batch: ReviewBatch;
  /** Records `label` for `item` by `expert` (validated as `import` validates). */
  decide(expert: string, item: string, label: string): Promise<DecideOutcome>;
  /** Takes back the expert's label on `item` (the batch is not stepped yet); undefined when there was none. */
  undo(expert: string, item: string): Promise<{ readonly undone?: Decision; readonly batch: BatchProgress }>;
  view(expert: string): Promise<ExpertView>;
  progress(): Promise<BatchProgress>;
  agreement(): Promise<BatchAgreement>;
  /** Waits for operations under way, then releases the run. */
  close(): Promise<void>;
}
