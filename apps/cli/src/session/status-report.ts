import { cohenKappa, majorityVote } from '@borderline/agreement';
import {
  type CurationState,
  decideStop,
  expertVerdicts,
  type IterationRecord,
  type KappaFigure,
  type StopDecision,
} from '@borderline/loop';
import type { LedgerEntry } from '@borderline/loop/store';
import type { RunSession } from './run-session';

/** One iteration in `status`: what it selected and labelled, its kappas, and the stop rule's verdict. */
export interface StatusIteration {
  readonly iteration: number;
  readonly modelVersion: number;
  /** Items selected for review in this iteration (0 for iteration 0, the starting model). */
  readonly items: number;
  /** Expert labels in the ledger for this iteration's items. */
  readonly labels: number;
  readonly labelled: number;
  readonly unavailable: number;
  readonly reviewed: number;
  readonly fineTuneExamples: number;
  readonly evalExamples: number;
  readonly positiveShare: number | null;
  readonly internalAlignment: KappaFigure;
  readonly modelExpertKappa: KappaFigure;
  /** Crowd majority vs expert majority on the curated set so far; null when the run has no crowd labels. */
  readonly crowdExpertKappa: KappaFigure | null;
  readonly ties: number;
  readonly stop: { readonly stop: boolean; readonly reason: StopDecision['reason']; readonly detail: string };
}

/** `status --json`: everything but `timings` is a function of the run's inputs and seed. */
export interface StatusReport {
  readonly format: 'borderline.status';
  readonly dataset: {
    readonly name: string;
    readonly items: number;
    readonly labels: readonly [string, string];
  };
  readonly runner: string;
  readonly model: string;
  readonly policy: string;
  readonly seed: number;
  readonly batchSize: number;
  readonly budget: number | null;
  readonly maxIterations: number;
  readonly phase: CurationState['phase'];
  readonly iteration: number;
  readonly modelVersion: number;
  readonly pending: { readonly iteration: number; readonly items: number; readonly labelled: number } | null;
  readonly iterations: readonly StatusIteration[];
  readonly stop: StopDecision | null;
  readonly ledger: {
    readonly labels: number;
    readonly expert: number;
    readonly crowd: number;
    readonly batches: number;
  };
  /** Wall-clock facts (differ between otherwise identical runs). */
  readonly timings: {
    readonly models: readonly { readonly version: number; readonly createdAt: string }[];
    readonly imports: readonly {
      readonly batch: string;
      readonly source: string;
      readonly importedAt: string;
    }[];
  };
}

function figure(result: ReturnType<typeof cohenKappa>): KappaFigure {
  return result.defined
    ? { value: result.kappa, ci95: [result.ci95[0], result.ci95[1]], n: result.n }
    : { value: null, ci95: null, n: result.n };
}

/** Crowd majority vs expert majority over the items curated up to `iteration`. */
function crowdKappa(
  state: CurationState,
  crowd: readonly LedgerEntry[],
  ids: readonly string[],
  iteration: number,
): KappaFigure | null {
  if (crowd.length === 0) return null;
  const positive = state.config.positive;
  const annotators = [...new Set(crowd.map((entry) => entry.annotator))];
  const column = new Map(annotators.map((annotator, index) => [annotator, index]));
  const verdicts = expertVerdicts(state);
  const curated = state.panels
    .filter((panel) => panel.iteration <= Math.max(iteration, 1) && verdicts.get(panel.item)?.label !== null)
    .map((panel) => panel.item);
  const row = new Map(curated.map((item, index) => [ids[item] ?? '', index]));
  const matrix = new Int32Array(curated.length * annotators.length).fill(-1);
  for (const entry of crowd) {
    const at = row.get(entry.item);
    if (at !== undefined)
      matrix[at * annotators.length + (column.get(entry.annotator) ?? 0)] = entry.label === positive ? 1 : 0;
  }
  const crowdLabels = majorityVote(matrix, { annotators: annotators.length, categories: 2 });
  const expertLabels = Int32Array.from(curated, (item) => verdicts.get(item)?.label ?? -1);
  return figure(cohenKappa(crowdLabels, expertLabels, { categories: 2 }));
}

function iterationRow(
  state: CurationState,
  record: IterationRecord,
  index: number,
  context: {
    readonly expert: readonly LedgerEntry[];
    readonly crowd: readonly LedgerEntry[];
    readonly ids: readonly string[];
  },
): StatusIteration {
  const batch = state.batches.find((candidate) => candidate.iteration === record.iteration);
  const batchIds = new Set((batch?.items ?? []).map((item) => context.ids[item]));
  const decision = decideStop(state.history.slice(0, index + 1), state.config.stop);
  return {
    iteration: record.iteration,
    modelVersion: record.modelVersion,
    items: record.selected,
    labels: record.iteration === 0 ? 0 : context.expert.filter((entry) => batchIds.has(entry.item)).length,
    labelled: record.labelled,
    unavailable: record.unavailable,
    reviewed: record.reviewed,
    fineTuneExamples: record.fineTuneExamples,
    evalExamples: record.evalExamples,
    positiveShare: record.positiveShare,
    internalAlignment: record.internalAlignment,
    modelExpertKappa: record.kappa,
    crowdExpertKappa: crowdKappa(state, context.crowd, context.ids, record.iteration),
    ties: record.ties,
    stop: { stop: decision.stop, reason: decision.reason, detail: decision.detail },
  };
}

/** Builds the status of a run from its store. */
export async function buildStatus(session: RunSession): Promise<StatusReport> {
  const state = session.state();
  const { config, store } = session;
  const ids = (await session.items()).map((item) => item.id);
  const ledger = await store.readLabels();
  const expert = ledger.filter((entry) => entry.role === 'expert');
  const crowd = ledger.filter((entry) => entry.role === 'crowd');
  const batches = await store.batches();
  const pendingBatch = state.phase === 'annotate' ? state.batches.at(-1) : undefined;
  const expertItems = new Set(expert.map((entry) => entry.item));
  return {
    format: 'borderline.status',
    dataset: { name: config.dataset.name, items: state.poolSize, labels: config.dataset.labels },
    runner: config.runner,
    model: config.model,
    policy: config.policy,
    seed: config.loop.seed,
    batchSize: state.config.batchSize,
    budget: state.config.stop.budget ?? null,
    maxIterations: state.config.stop.maxIterations,
    phase: state.phase,
    iteration: state.iteration,
    modelVersion: state.modelVersion,
    pending:
      pendingBatch === undefined
        ? null
        : {
            iteration: pendingBatch.iteration,
            items: pendingBatch.items.length,
            labelled: pendingBatch.items.filter((item) => expertItems.has(ids[item] ?? '')).length,
          },
    iterations: state.history.map((record, index) =>
      iterationRow(state, record, index, { expert, crowd, ids }),
    ),
    stop: state.stop,
    ledger: { labels: ledger.length, expert: expert.length, crowd: crowd.length, batches: batches.length },
    timings: {
      models: (await store.models()).map((model) => ({ version: model.version, createdAt: model.createdAt })),
      imports: batches.map((batch) => ({
        batch: batch.batch,
        source: batch.source,
        importedAt: batch.importedAt,
      })),
    },
  };
}
