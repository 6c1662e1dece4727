import { join } from 'node:path';

/** The ConvAbuse subset the CLI tests curate (the first items; keeps the suite within its time budget). */
export const CONVABUSE_INIT = [
  '--dataset',
  'convabuse',
  '--limit',
  '1500',
  '--batch-size',
  '60',
  '--seed',
  '2',
  // GloVe keeps the suite fast; the use-lite default has its own tests.
  '--embedder',
  'glove',
];

/**
 * The paper's own boundary pairs: pairs from the first batch on, ranked by distance (sides at the threshold).
 * For tests of the pairs' machinery (reasons, the review page's pairs, fallbacks, the streaming pair search), which
 * the default's score-strata first batch does not reach until the second iteration.
 */
export const PAPER_PAIRS = ['--first-batch', 'pairs', '--pair-scoring', 'distance'];

/** The dataset's recorded labels file. */
export function convabuseLabels(): string {
  const root = process.env.BORDERLINE_DATA_PATH;
  if (root === undefined) throw new Error('BORDERLINE_DATA_PATH is not set (the vitest preset sets it)');
  return join(root.split(':')[0] ?? root, 'convabuse', 'labels.jsonl');
}
