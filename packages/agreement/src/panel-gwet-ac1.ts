import { agreementWeights } from './common';
import { type GwetAc1Result, gwetFromPatterns } from './gwet-ac1';
import { categoryCounts, checkPanel, type WeightedPanelOptions } from './panel';

/**
 * Gwet's AC1 (AC2 when weighted) for a whole panel with missing labels (Gwet 2008): agreement over items with at
 * least two labels, chance from every labelled item. With two annotators and no missing label it equals `gwetAc1` on their columns.
 */
export function panelGwetAc1(matrix: Int32Array, options: WeightedPanelOptions): GwetAc1Result {
  const shape = checkPanel('panelGwetAc1', matrix, options);
  const { counts } = categoryCounts(matrix, shape);
  const multiplicity = new Float64Array(shape.items).fill(1);
  return gwetFromPatterns(
    counts,
    multiplicity,
    shape.categories,
    agreementWeights(options.weights ?? 'none', shape.categories),
  );
}
