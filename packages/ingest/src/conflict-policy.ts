/**
 * What to do when one annotator gives one item two different labels (a changed mind, common in real exports).
 * `error` (the default): a problem naming both lines. `latest`: the label later in the file wins. `first`: the
 * earlier one stays. `drop`: the annotator's labels of that item are all left out. Each resolution is reported.
 */
export type ConflictPolicy = 'error' | 'latest' | 'first' | 'drop';

/** The policies, for option parsers. */
export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['error', 'latest', 'first', 'drop'];
