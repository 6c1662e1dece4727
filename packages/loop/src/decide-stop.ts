import type { IterationRecord, StopDecision, StopRule } from './types';

/**
 * The stopping rule over a run's history (iteration 0, the starting model, first). Checked in order:
 * 1. `alignment-reached`: the latest model kappa reaches internal alignment, as the rule's `target` defines it,
 *    on an evaluation set with at least `minEvaluationPerClass` items of each expert class;
 * 2. `plateau`: the best kappa of the last `patience` iterations is less than `delta` above the best before them;
 * 3. `max-iterations`: the latest iteration is the cap;
 * 4. `budget`: the items sent to the experts reach the budget.
 * An empty history, or one holding only iteration 0, never stops. Undefined kappas never satisfy 1 or 2.
 */
export function decideStop(history: readonly IterationRecord[], rule: StopRule): StopDecision {
  const latest = history.at(-1);
  if (latest === undefined || latest.iteration === 0) {
    return { stop: false, reason: null, iteration: latest?.iteration ?? 0, detail: 'no iteration yet' };
  }
  const iteration = latest.iteration;
  const stop = (reason: StopDecision['reason'], detail: string): StopDecision => ({
    stop: true,
    reason,
    iteration,
    detail,
  });
  const reached = alignmentReached(latest, rule);
  if (reached !== null) return stop('alignment-reached', reached);
  const plateau = plateaued(history, rule);
  if (plateau !== null) return stop('plateau', plateau);
  if (iteration >= rule.maxIterations)
    return stop('max-iterations', `reached the cap of ${rule.maxIterations}`);
  if (rule.budget !== undefined && latest.reviewed >= rule.budget) {
    return stop('budget', `${latest.reviewed} items sent to experts, budget ${rule.budget}`);
  }
  return { stop: false, reason: null, iteration, detail: 'continue' };
}

function alignmentReached(latest: IterationRecord, rule: StopRule): string | null {
  const { kappa, internalAlignment: alignment } = latest;
  if (kappa.value === null || alignment.value === null) return null;
  const minimum = rule.minEvaluationPerClass ?? 0;
  const smaller = Math.min(latest.evalPositives, latest.evalExamples - latest.evalPositives);
  if (smaller < minimum) return null;
  let model = kappa.value;
  let target = alignment.value;
  let text = `model kappa ${model.toFixed(3)} >= internal alignment`;
  if (rule.target === 'alignment-ci-lower') {
    target = alignment.ci95?.[0] ?? alignment.value;
    text = `model kappa ${model.toFixed(3)} >= internal alignment's 95% lower bound`;
  } else if (rule.target === 'kappa-ci-lower') {
    if (kappa.ci95 === null) return null;
    model = kappa.ci95[0];
    text = `model kappa's 95% lower bound ${model.toFixed(3)} >= internal alignment`;
  }
  if (!(model >= target)) return null;
  return `${text} ${target.toFixed(3)}`;
}

function plateaued(history: readonly IterationRecord[], rule: StopRule): string | null {
  if (rule.plateau === undefined) return null;
  const { delta, patience } = rule.plateau;
  const cut = history.length - patience;
  if (cut < 1) return null;
  const before = bestKappa(history.slice(0, cut));
  const recent = bestKappa(history.slice(cut));
  if (before === null || recent === null) return null;
  if (recent >= before + delta) return null;
  return `best kappa of the last ${patience} iteration(s) ${recent.toFixed(3)} < ${before.toFixed(3)} + ${delta}`;
}

function bestKappa(records: readonly IterationRecord[]): number | null {
  let best: number | null = null;
  for (const record of records) {
    const value = record.kappa.value;
    if (value !== null && (best === null || value > best)) best = value;
  }
  return best;
}
