import { invalidArgument, type Seed } from '@borderline/core';
import { type CohenKappaResult, cohenKappa } from './cohen-kappa';
import { checkCodes, type Weights } from './common';
import { majorityVote, type TiePolicy } from './majority-vote';
import { checkPanel, column, type PanelOptions } from './panel';

/** Options of a model (or crowd) against a panel. */
export interface AgainstPanelOptions extends PanelOptions {
  /** Default `none`. */
  readonly weights?: Weights;
  /** Tie policy of the panel majority; default `missing` (tied items are left out of the majority kappa). */
  readonly tie?: TiePolicy;
  /** Needed with `tie: 'random'`. */
  readonly seed?: Seed;
}

/** A model's kappa against each annotator and against their majority. */
export interface AgainstPanelResult {
  /** One result per selected annotator, in selection order, each on the items both the model and it labelled. */
  readonly perAnnotator: readonly (CohenKappaResult & { readonly annotator: number })[];
  /** Mean over annotators with a defined kappa; NaN when none. */
  readonly meanKappa: number;
  /** Kappa against the panel's majority label (items without a majority are skipped). */
  readonly majority: CohenKappaResult;
  /** The majority labels used (-1 where there is none). */
  readonly majorityLabels: Int32Array;
}

/**
 * Compares `model` codes (one per item, -1 = not predicted) with each annotator of the panel and with the
 * panel majority: model alignment in the design's sense.
 */
export function againstPanel(
  model: Int32Array,
  matrix: Int32Array,
  options: AgainstPanelOptions,
): AgainstPanelResult {
  const shape = checkPanel('againstPanel', matrix, options);
  if (model.length !== shape.items) {
    throw invalidArgument(
      'againstPanel',
      `model has ${model.length} labels but the panel has ${shape.items} items`,
    );
  }
  checkCodes('againstPanel', 'model', model, shape.categories);
  const kappaOptions = { categories: shape.categories, weights: options.weights ?? 'none' } as const;
  const perAnnotator = Array.from(shape.select, (annotator) => ({
    annotator,
    ...cohenKappa(model, column(matrix, shape.annotators, annotator), kappaOptions),
  }));
  const defined = perAnnotator.filter((result) => result.defined);
  const majorityLabels = majorityVote(matrix, options);
  return {
    perAnnotator,
    meanKappa:
      defined.length === 0
        ? Number.NaN
        : defined.reduce((sum, result) => sum + result.kappa, 0) / defined.length,
    majority: cohenKappa(model, majorityLabels, kappaOptions),
    majorityLabels,
  };
}
