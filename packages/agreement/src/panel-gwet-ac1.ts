import { agreementWeights, type Weights } from './common';
import { type GwetAc1Result, gwetFromPatterns } from './gwet-ac1';
import { categoryCounts, checkPanel, type WeightedPanelOptions } from './panel';

/**
 * Gwet's AC1 (AC2 when weighted) for a whole panel with missing labels (Gwet 2008): agreement over items with at
 * least two labels, chance from every labelled item. With two annotators and no missing label it equals `gwetAc1` on their columns.
 */
export function panelGwetAc1(matrix: Int32Array, options: WeightedPanelOptions): GwetAc1Result {
  const shape = checkPanel('panelGwetAc1', matrix, options);
  const { counts } = categoryCounts(matrix, shape);
  return panelAc1FromCounts(counts, shape.categories, options.weights ?? 'none');
}

/** Panel AC1 (AC2 when weighted) from per-item category counts (items x k). */
export function panelAc1FromCounts(counts: Float64Array, k: number, weights: Weights): GwetAc1Result {
  const multiplicity = new Float64Array(counts.length / k).fill(1);
  return gwetFromPatterns(counts, multiplicity, k, agreementWeights(weights, k));
}
