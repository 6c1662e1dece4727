import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Label } from '@borderline/core';

/** Reference values written by scripts/make-fixtures.py (scikit-learn, statsmodels); see its `provenance`. */
export interface ReferenceFixture {
  readonly provenance: Record<string, string>;
  readonly cohen: readonly CohenCase[];
  readonly fleiss: readonly {
    name: string;
    categories: number;
    raters: number;
    matrix: number[][];
    statsmodelsKappa: number;
  }[];
  readonly convabuse: {
    labels: string[];
    annotators: string[];
    pairs: { a: string; b: string; n: number; sklearnKappa: number | null }[];
  };
}

interface WeightedReference {
  readonly sklearnKappa: number;
  readonly statsmodelsKappa: number;
  readonly statsmodelsVariance: number;
  readonly statsmodelsStandardError: number | null;
  readonly statsmodelsCi95: [number | null, number | null];
}

/** One two-annotator case of the fixture. */
export interface CohenCase {
  readonly name: string;
  readonly categories: number;
  readonly a: number[];
  readonly b: number[];
  readonly none: WeightedReference;
  readonly linear: WeightedReference;
  readonly quadratic: WeightedReference;
}

/** The committed reference fixture. */
export function reference(): ReferenceFixture {
  return JSON.parse(readFileSync(new URL('./reference.json', import.meta.url), 'utf8'));
}

/** The real ConvAbuse labels (outside the repo, through BORDERLINE_DATA_PATH). */
export function convabuseLabels(): Label[] {
  const root = process.env.BORDERLINE_DATA_PATH;
  if (root === undefined) throw new Error('BORDERLINE_DATA_PATH is not set (the vitest preset sets it)');
  return readFileSync(join(root, 'convabuse', 'labels.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Label);
}
