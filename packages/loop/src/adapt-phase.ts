import { expertVerdicts } from './panel';
import type { CurationEvent, CurationPhase, CurationState } from './types';

/**
 * After the split: `adapt` when the cumulative fine-tune set holds both classes, else `evaluate` with a warning.
 * A model fitted to one class only predicts that class (it has nothing to separate), so the current model is kept
 * and the next batch is selected with it again; the experts' labels are not lost, they wait in the set.
 */
export function adaptPhase(state: CurationState): { phase: CurationPhase; events: CurationEvent[] } {
  const verdicts = expertVerdicts(state);
  let positives = 0;
  for (const item of state.fineTune) positives += verdicts.get(item)?.label === 1 ? 1 : 0;
  const negatives = state.fineTune.length - positives;
  if (positives > 0 && negatives > 0) return { phase: 'adapt', events: [] };
  const message =
    state.fineTune.length === 0
      ? 'no fine-tune examples yet: the model is not adapted'
      : `the fine-tune set holds only ${positives > 0 ? 'positive' : 'negative'} examples (${state.fineTune.length}): the model is not adapted`;
  return { phase: 'evaluate', events: [{ type: 'warning', iteration: state.iteration, message }] };
}
