/** Who produced a label. Experts are the reference; the crowd is cheap; gold is known truth; model is a classifier. */
export type Role = 'expert' | 'crowd' | 'gold' | 'model';

/** Every role, in a fixed order. */
export const ROLES: readonly Role[] = ['expert', 'crowd', 'gold', 'model'];

/** One text to classify (a line of `items.jsonl`). */
export interface Item {
  readonly id: string;
  readonly text: string;
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** One judgment of one annotator on one item (a line of `labels.jsonl`). */
export interface Label {
  readonly item: string;
  readonly annotator: string;
  readonly role: Role;
  readonly label: string;
  /** The curation iteration that produced the label, when it came from a run. */
  readonly iteration?: number;
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** `dataset.json`: what a dataset folder holds. */
export interface DatasetManifest {
  readonly name: string;
  readonly task: string;
  /** The two categories, negative first. */
  readonly labels: readonly [string, string];
  /** Which of `labels` is the positive (violating) class. */
  readonly positive: string;
  readonly roles?: readonly Role[];
  readonly license?: string;
  readonly source?: string;
}

/** A labelled example given to a classifier's `adapt`. */
export interface Example {
  readonly text: string;
  /** 1 for the positive class, 0 for the negative. */
  readonly label: 0 | 1;
  /** Optional weight (e.g. the share of experts who agreed); 1 when absent. */
  readonly weight?: number;
}
