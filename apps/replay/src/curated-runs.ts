import {
  type CurationConfig,
  type CurationState,
  createMemoryStore,
  type ExecutionEvent,
  evaluationSet,
  executeCuration,
  type KappaFigure,
  kappaOnRows,
  type MemoryStore,
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
  /** Boundary pairs' choices of the method, the sides among them (see `PairMethod`). */
  readonly method: PairMethod;
  /** `curated` for the method; a baseline name (e.g. `random`) when the run is a baseline at the same budget. */
  readonly condition: string;
  /** The config of every policy's runs; boundary pairs' runs draw their sides by `method.sides`. */
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

/** What every run of one policy shares: the executor's common options, the abort signal, names for its stages. */
interface PolicyRuns {
  readonly common: ReturnType<typeof commonOptions>;
  /** `{ signal }` when the replay can be aborted, else empty: passed to every scoring call. */
  readonly call: { readonly signal?: AbortSignal };
  /** The condition's name in progress lines: the policy for curated runs, else the baseline's name. */
  readonly name: string;
  /** The stopwatch stage of one model's run. */
  readonly stage: (model: string) => string;
}

/** The executor options every run of the policy shares: the pool's space, LLM-0, the sampler, the experts. */
function commonOptions(input: CuratedRunsInput) {
  return {
    space: input.pool.space,
    models: { starting: input.llm0 },
    policy: replaySampler(input.policy, input.selection, {
      ...input.method,
      doubtThreshold: input.config.threshold,
    }),
    annotator: input.annotator,
    ...(input.signal === undefined ? {} : { signal: input.signal }),
  };
}

/** The prefix every model's run shares (up to the first adapt), its observer, and LLM-0's audit kappa. */
interface SharedPrefix {
  readonly state: CurationState;
  readonly watch: ReturnType<typeof observer>;
  readonly llm0Audit: KappaFigure;
}

/** Runs the shared prefix once, as the first model's run, and measures LLM-0 on the audit set. */
async function runPrefix(
  input: CuratedRunsInput,
  runs: PolicyRuns,
  store: MemoryStore,
): Promise<SharedPrefix> {
  const { config, pool, audit, policy, method } = input;
  const first = input.trainees[0]!.model;
  // The sides are boundary pairs' choice (`--sides`): every other policy draws its predicted sides at the
  // threshold whatever they are (only `stratified` reads them).
  const sides = policy === 'boundary-pairs' && method.sides !== 'threshold' ? { sides: method.sides } : {};
  const started = startCuration({ ...config, ...sides }, pool.ids.length);
  const watch = observer(input, first, runs.name, runs.stage(first));
  started.events.forEach(watch.onEvent);
  const llm0Audit = await kappaOnRows(input.llm0, audit.rows, audit.labels, config.threshold, runs.call);
  const prefix = await input.stopwatch.time(runs.stage(first), () =>
    executeCuration(started.state, {
      ...runs.common,
      store,
      until: (effect) => effect.type === 'adapt',
      onEvent: watch.onEvent,
    }),
  );
  return { state: prefix.state, watch, llm0Audit };
}

/** One model's run on from the shared prefix over its own store; every model version is scored on the audit set. */
async function continueRun(
  input: CuratedRunsInput,
  runs: PolicyRuns,
  shared: SharedPrefix,
  { model, trainer }: Trainee,
  store: MemoryStore,
): Promise<CuratedRun> {
  const { audit, config } = input;
  const { llm0Audit } = shared;
  const watch = observer(input, model, runs.name, runs.stage(model));
  // Indexed by model version: M_0 first, then each adapted model, as the loop numbers them.
  const auditKappas: KappaFigure[] = [llm0Audit];
  const outcome = await input.stopwatch.time(runs.stage(model), () =>
    executeCuration(shared.state, {
      ...runs.common,
      store,
      models: { starting: input.llm0, trainer },
      onEvent: watch.onEvent,
      onModel: async (classifier, version) => {
        auditKappas[version] = await kappaOnRows(
          classifier,
          audit.rows,
          audit.labels,
          config.threshold,
          runs.call,
        );
      },
    }),
  );
  const final = auditKappas.at(-1)!;
  input.progress(
    `${watch.prefix} audit kappa: LLM-0 ${fmt(llm0Audit)} -> final ${fmt(final)} on ${audit.items.length} items`,
  );
  const fallbackItems = shared.watch.fallbackItems() + watch.fallbackItems();
  const report: ConditionReport = {
    ...conditionReport(input, model, outcome.state, auditKappas),
    fallbackItems,
  };
  return { model, state: outcome.state, final: await outcome.model(), report, llm0Audit };
}

/**
 * The curated runs of one policy, one per model, through the loop's executor over an in-memory store. Until the
 * first adapt every model's run is the same (LLM-0 scores the pool, the policy picks the first batch, the experts
 * label it, LLM-0 is measured): that prefix runs once and the store is forked per model, which then goes on with
 * its own trainer. Every model version is scored on the audit set as it is made.
 */
export async function runCuratedPolicy(input: CuratedRunsInput): Promise<CuratedRun[]> {
  const { task, pool } = input;
  const store = createMemoryStore({
    ids: pool.ids,
    texts: pool.texts,
    vectors: { space: pool.space, matrix: pool.embeddings },
  });
  const runs: PolicyRuns = {
    common: commonOptions(input),
    call: input.signal === undefined ? {} : { signal: input.signal },
    name: input.condition === 'curated' ? input.policy : input.condition,
    stage: (model) => `${task}/${model}/${input.condition}:${input.policy}`,
  };
  const shared = await runPrefix(input, runs, store);
  // Forked before any model goes on, so each continues from the same shared prefix.
  const stores = input.trainees.map((_, index) => (index === 0 ? store : store.fork()));
  const done: CuratedRun[] = [];
  for (const [index, trainee] of input.trainees.entries()) {
    done.push(await continueRun(input, runs, shared, trainee, stores[index]!));
  }
  return done;
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
