import { cohenKappa, majorityVote } from '@borderline/agreement';
import type { LedgerAnswer } from './curation-store';
import { expertVerdicts } from './panel';
import type { CurationState, KappaFigure } from './types';

/**
 * Crowd majority vs expert majority (Cohen's kappa with its 95% interval) over the items the experts labelled up
 * to `iteration` (iteration 0 counts as 1: the first batch), skipping items whose experts tied under the run's tie
 * policy. `crowd` holds the crowd's answers by pool index; null when there are none.
 */
export function crowdExpertKappa(
  state: CurationState,
  crowd: readonly LedgerAnswer[],
  iteration: number,
): KappaFigure | null {
  if (crowd.length === 0) return null;
  const positive = state.config.positive;
  const annotators = [...new Set(crowd.map((answer) => answer.annotator))];
  const column = new Map(annotators.map((annotator, index) => [annotator, index]));
  const verdicts = expertVerdicts(state);
  const curated = state.panels
    .filter((panel) => panel.iteration <= Math.max(iteration, 1) && verdicts.get(panel.item)?.label !== null)
    .map((panel) => panel.item);
  const row = new Map(curated.map((item, index) => [item, index]));
  const matrix = new Int32Array(curated.length * annotators.length).fill(-1);
  for (const answer of crowd) {
    const at = row.get(answer.item);
    if (at !== undefined) {
      matrix[at * annotators.length + column.get(answer.annotator)!] = answer.label === positive ? 1 : 0;
    }
  }
  const crowdLabels = majorityVote(matrix, { annotators: annotators.length, categories: 2 });
  const expertLabels = Int32Array.from(curated, (item) => verdicts.get(item)?.label ?? -1);
  const result = cohenKappa(crowdLabels, expertLabels, { categories: 2 });
  return result.defined
    ? { value: result.kappa, ci95: [result.ci95[0], result.ci95[1]], n: result.n }
    : { value: null, ci95: null, n: result.n };
}
