import {
  type CurationConfig,
  type CurationState,
  createMemoryStore,
  type ExecutionEvent,
  evaluationSet,
  executeCuration,
  type KappaFigure,
  kappaOnRows,
  startCuration,
} from '@borderline/loop';
import type { Annotator, Classifier } from '@borderline/runners';
import type { PolicyName } from '@borderline/sampling';
import type { AuditSet, CurationPool } from './audit-set';
import { curationProgress, type Progress } from './progress';
import { type PairMethod, replaySampler, type SelectionMode } from './replay-policy';
import type { ConditionReport } from './report';
import { round } from './round';
import type { Stopwatch } from './stopwatch';

/** The models a task's curated runs train, each from its own base. */
export interface Trainee {
  readonly model: string;
  readonly trainer: Classifier;
}

/** What the curated runs of one (task, policy) share. */
export interface CuratedRunsInput {
  readonly task: string;
  readonly policy: PolicyName;
  /** How boundary pairs cluster the sides (see `SelectionMode`). */
  readonly selection: SelectionMode;
  /** Boundary pairs' opt-in changes to the method (see `PairMethod`). */
  readonly method: PairMethod;
  /** `curated` for the method; a baseline name (e.g. `random`) when the run is a baseline at the same budget. */
  readonly condition: string;
  readonly config: CurationConfig;
  readonly pool: CurationPool;
  readonly llm0: Classifier;
  readonly trainees: readonly Trainee[];
  readonly annotator: Annotator;
  readonly audit: AuditSet;
  readonly progress: Progress;
  readonly stopwatch: Stopwatch;
  readonly signal?: AbortSignal;
}

/** One model's curated run: its final state and model, its report row, and LLM-0's audit kappa. */
export interface CuratedRun {
  readonly model: string;
  readonly state: CurationState;
  readonly final: Classifier;
  readonly report: ConditionReport;
  readonly llm0Audit: KappaFigure;
}

/**
 * The curated runs of one policy, one per model, through the loop's executor over an in-memory store. Until the
 * first adapt every model's run is the same (LLM-0 scores the pool, the policy picks the first batch, the experts
 * label it, LLM-0 is measured): that prefix runs once and the store is forked per model, which then goes on with
 * its own trainer. Every model version is scored on the audit set as it is made.
 */
export async function runCuratedPolicy(input: CuratedRunsInput): Promise<CuratedRun[]> {
  const { task, pool, config, audit, llm0, stopwatch } = input;
  const call = input.signal === undefined ? {} : { signal: input.signal };
  const store = createMemoryStore({
    ids: pool.ids,
    texts: pool.texts,
    vectors: { space: pool.space, matrix: pool.embeddings },
  });
  const common = {
    space: pool.space,
    models: { starting: llm0 },
    policy: replaySampler(input.policy, input.selection, {
      ...input.method,
      doubtThreshold: config.threshold,
    }),
    annotator: input.annotator,
    ...call,
  };
  const name = input.condition === 'curated' ? input.policy : input.condition;
  const stage = (model: string) => `${task}/${model}/${input.condition}:${input.policy}`;
  const first = input.trainees[0]!.model;
  const started = startCuration(config, pool.ids.length);
  const prefixWatch = observer(input, first, name, stage(first));
  started.events.forEach(prefixWatch.onEvent);
  const llm0Audit = await kappaOnRows(llm0, audit.rows, audit.labels, config.threshold, call);
  const prefix = await stopwatch.time(stage(first), () =>
    executeCuration(started.state, {
      ...common,
      store,
      until: (effect) => effect.type === 'adapt',
      onEvent: prefixWatch.onEvent,
    }),
  );
  // Forked before any model goes on, so each continues from the same shared prefix.
  const stores = input.trainees.map((_, index) => (index === 0 ? store : store.fork()));
  const runs: CuratedRun[] = [];
  for (const [index, { model, trainer }] of input.trainees.entries()) {
    const watch = observer(input, model, name, stage(model));
    // Indexed by model version: M_0 first, then each adapted model, as the loop numbers them.
    const auditKappas: KappaFigure[] = [llm0Audit];
    const outcome = await stopwatch.time(stage(model), () =>
      executeCuration(prefix.state, {
        ...common,
        store: stores[index]!,
        models: { starting: llm0, trainer },
        onEvent: watch.onEvent,
        onModel: async (classifier, version) => {
          auditKappas[version] = await kappaOnRows(
            classifier,
            audit.rows,
            audit.labels,
            config.threshold,
            call,
          );
        },
      }),
    );
    const final = auditKappas.at(-1)!;
    input.progress(
      `${watch.prefix} audit kappa: LLM-0 ${fmt(llm0Audit)} -> final ${fmt(final)} on ${audit.items.length} items`,
    );
    const fallbackItems = prefixWatch.fallbackItems() + watch.fallbackItems();
    const report: ConditionReport = {
      ...conditionReport(input, model, outcome.state, auditKappas),
      fallbackItems,
    };
    runs.push({ model, state: outcome.state, final: await outcome.model(), report, llm0Audit });
  }
  return runs;
}

/** Progress lines, stage timings and the fallback count of one run's events. */
function observer(input: CuratedRunsInput, model: string, name: string, stage: string) {
  const prefix = `[${input.task}/${model}/${name}]`;
  const printer = curationProgress(input.progress, prefix);
  let fallbackItems = 0;
  return {
    prefix,
    fallbackItems: () => fallbackItems,
    onEvent: (event: ExecutionEvent) => {
      if (event.type === 'timing') input.stopwatch.add(`${stage}/${event.effect}`, event.milliseconds);
      if (event.type === 'selected') fallbackItems += event.fallback?.items ?? 0;
      if (event.type !== 'progress' && event.type !== 'training' && event.type !== 'answers-recorded') {
        printer(event);
      }
    },
  };
}

function fmt(figure: KappaFigure | undefined): string {
  return figure?.value === null || figure === undefined ? 'n/a' : figure.value.toFixed(3);
}

function conditionReport(
  input: CuratedRunsInput,
  model: string,
  state: CurationState,
  auditKappas: readonly KappaFigure[],
): ConditionReport {
  const last = state.history.at(-1);
  const kappa = last?.kappa;
  return {
    task: input.task,
    model,
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
  };
}
