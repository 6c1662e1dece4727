import {
  type CurationConfig,
  type CurationRun,
  type CurationState,
  evaluationSet,
  type KappaFigure,
  runCuration,
} from '@borderline/loop';
import type { ConditionReport } from '@borderline/loop/report';
import type { Annotator, Classifier } from '@borderline/runners';
import { createPolicy, type PolicyName, type SamplingPolicy } from '@borderline/sampling';
import { type AuditSet, type CurationPool, kappaOn } from './experiment';
import { curationProgress, type Progress } from './progress';
import { fallbackCount } from './replay-policy';
import { round } from './round';
import type { Stopwatch } from './stopwatch';

/** One curated run of a (task, model, policy). */
export interface CuratedConditionInput {
  readonly task: string;
  readonly model: string;
  readonly policy: PolicyName;
  /** The policy's implementation, when the caller shares one between runs (default `createPolicy(policy)`). */
  readonly sampler?: SamplingPolicy;
  /** `curated` for the method; a baseline name (e.g. `random`) when the run is a baseline at the same budget. */
  readonly condition: string;
  readonly config: CurationConfig;
  readonly pool: CurationPool;
  readonly llm0: Classifier;
  readonly trainer: Classifier;
  readonly annotator: Annotator;
  readonly audit: AuditSet;
  readonly progress: Progress;
  readonly stopwatch: Stopwatch;
  readonly signal?: AbortSignal;
}

/** The run, its report row, and the final evaluation set (other conditions are scored on it). */
export interface CuratedCondition {
  readonly run: CurationRun;
  readonly report: ConditionReport;
  /** Kappa of the starting model (LLM-0) on the audit set. */
  readonly llm0Audit: KappaFigure;
}

/** Runs the loop for one condition, scoring every model version on the audit set as it goes. */
export async function runCuratedCondition(input: CuratedConditionInput): Promise<CuratedCondition> {
  const { task, model, policy, pool, audit } = input;
  const prefix = `[${task}/${model}/${input.condition === 'curated' ? policy : input.condition}]`;
  // Indexed by model version: onModel sees M_0 first, then each adapted model, as the loop numbers them.
  const auditKappas: KappaFigure[] = [];
  const stage = `${task}/${model}/${input.condition}:${policy}`;
  const printer = curationProgress(input.progress, prefix);
  let fallbackItems = 0;
  const run = await input.stopwatch.time(stage, () =>
    runCuration({
      config: input.config,
      pool,
      classifier: input.llm0,
      trainer: input.trainer,
      annotator: input.annotator,
      policy: input.sampler ?? createPolicy(policy),
      ...(input.signal === undefined ? {} : { signal: input.signal }),
      onEvent: (event) => {
        if (event.type === 'timing') input.stopwatch.add(`${stage}/${event.effect}`, event.milliseconds);
        if (event.type === 'selected') fallbackItems += fallbackCount(event.warnings);
        printer(event);
      },
      onModel: async (classifier) => {
        auditKappas.push(
          await kappaOn(
            classifier,
            pool.embedderId,
            audit.embeddings,
            audit.texts,
            audit.labels,
            input.signal,
          ),
        );
      },
    }),
  );
  const final = auditKappas.at(-1)!;
  input.progress(
    `${prefix} audit kappa: LLM-0 ${fmt(auditKappas[0])} -> final ${fmt(final)} on ${audit.items.length} items`,
  );
  const report = { ...conditionReport(input, run.state, auditKappas), fallbackItems } as ConditionReport;
  return { run, report, llm0Audit: auditKappas[0]! };
}

function fmt(figure: KappaFigure | undefined): string {
  return figure?.value === null || figure === undefined ? 'n/a' : figure.value.toFixed(3);
}

function conditionReport(
  input: CuratedConditionInput,
  state: CurationState,
  auditKappas: readonly KappaFigure[],
): ConditionReport {
  const last = state.history.at(-1);
  const kappa = last?.kappa;
  return {
    task: input.task,
    model: input.model,
    condition: input.condition,
    policy: input.policy,
    iterations: last?.iteration ?? 0,
    fineTuneExamples: state.trainedExamples,
    evalExamples: evaluationSet(state).items.length,
    ...(last?.positiveShare === null || last === undefined
      ? {}
      : { positiveShare: round(last.positiveShare) }),
    kappaModelExpert: round(kappa?.value ?? Number.NaN),
    ...(kappa?.ci95 ? { kappaCi95: [round(kappa.ci95[0]), round(kappa.ci95[1])] as const } : {}),
    kappaAudit: round(auditKappas.at(-1)?.value ?? Number.NaN),
    kappaPerIteration: state.history.map((record) => round(record.kappa.value ?? Number.NaN)),
    expertLabelsPerIteration: state.history.map((record) => record.reviewed),
    stopReason: state.stop?.reason ?? 'not stopped',
    // Added fields (report.json may gain fields, never rename them).
    auditKappaPerIteration: state.history.map((record) =>
      round(auditKappas[record.modelVersion]?.value ?? Number.NaN),
    ),
    internalAlignment: round(last?.internalAlignment.value ?? Number.NaN),
    expertItemsReviewed: last?.reviewed ?? 0,
    unavailableItems: state.unavailable.length,
  } as ConditionReport;
}
