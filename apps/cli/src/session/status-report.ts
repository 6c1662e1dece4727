import {
  type CurationState,
  crowdExpertKappa,
  decideStop,
  type IterationRecord,
  type KappaFigure,
  type LedgerAnswer,
  type StopDecision,
} from '@borderline/loop';
import type { LabelCounts, LedgerEntry } from '@borderline/run-store';
import { type PassTiming, type ShardStatus, shardStatus } from '../shards/shard-status';
import { embedderOf, type SelectionSettings, selectionOf } from './run-config';
import { UNAVAILABLE_KEY, type UnavailableRecord } from './run-models';
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
  /** How the dataset's messy records were read at init (`--on-conflict`, `--skip-invalid`). */
  readonly data: {
    readonly onConflict: string;
    readonly conflicts: number;
    readonly skipInvalid: boolean;
    readonly dropped: number;
  };
  readonly runner: string;
  readonly model: string;
  /** The pool's local embedder (`use-lite` or `glove`). */
  readonly embedder: string;
  readonly policy: string;
  /**
   * The selection's choices (`--first-batch`, `--pair-scoring`, `--sides`): always for boundary pairs (a run made
   * before init recorded them shows pairs, distance, threshold: what it does); for another policy only sides
   * that are not at the threshold.
   */
  readonly selection?: SelectionSettings;
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
  /**
   * The last chunk a hosted model could not score because answers were unavailable (malformed, or a label outside
   * the set); null when the last command got through. Such answers are never counted as labels or scores.
   */
  readonly unavailableAnswers: UnavailableRecord | null;
  readonly ledger: {
    readonly labels: number;
    readonly expert: number;
    readonly crowd: number;
    readonly batches: number;
  };
  /** A sharded run's pool: its shard files and each pass's last progress (absent for a pool in the run). */
  readonly shards?: ShardStatus;
  /** Wall-clock facts (differ between otherwise identical runs). */
  readonly timings: {
    /** A sharded run's passes: items per second when each last ran. */
    readonly passes?: readonly PassTiming[];
    readonly models: readonly { readonly version: number; readonly createdAt: string }[];
    readonly imports: readonly {
      readonly batch: string;
      readonly source: string;
      readonly importedAt: string;
    }[];
  };
}

/**
 * The run's ledger as status reads it: the batch items' expert labels, their crowd answers by pool index, the
 * batch ids, and the ledger's counts per role (counted by the store: the whole ledger is never read).
 */
interface LedgerView {
  readonly counts: LabelCounts;
  readonly expert: readonly LedgerEntry[];
  readonly crowd: readonly LedgerAnswer[];
  /** The id of every batch item, by pool index. */
  readonly ids: ReadonlyMap<number, string>;
}

function iterationRow(
  state: CurationState,
  record: IterationRecord,
  index: number,
  context: LedgerView,
): StatusIteration {
  const batch = state.batches.find((candidate) => candidate.iteration === record.iteration);
  const batchIds = new Set((batch?.items ?? []).map((item) => context.ids.get(item)));
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
    crowdExpertKappa: crowdKappaOf(state, context, record.iteration),
    ties: record.ties,
    stop: { stop: decision.stop, reason: decision.reason, detail: decision.detail },
  };
}

/**
 * Crowd vs experts on the curated set: null when the run has no crowd label at all, an undefined figure (n 0)
 * when it has some but none on the curated items.
 */
function crowdKappaOf(state: CurationState, view: LedgerView, iteration: number): KappaFigure | null {
  if (view.counts.crowd === 0) return null;
  return crowdExpertKappa(state, view.crowd, iteration) ?? { value: null, ci95: null, n: 0 };
}

/**
 * Reads the batch items' labels (every figure status gives is about them) and the ledger's counts, and resolves
 * the batch items' ids and the crowd labels' pool indices (from the batch items: the pool is read once).
 */
async function readLedgerView(session: RunSession, state: CurationState): Promise<LedgerView> {
  const { store } = session;
  const batchIndices = state.batches.flatMap((batch) => batch.items);
  const batchIds = (await session.itemsAt(batchIndices)).map((item) => item.id);
  const ids = new Map(batchIndices.map((item, position) => [item, batchIds[position]!]));
  const ledger = await store.readLabels({ items: batchIds });
  const expert = ledger.filter((entry) => entry.role === 'expert');
  // Every entry read is a batch item's, so its pool index is already in hand (no pool lookup).
  const indexOf = new Map(batchIndices.map((item, position) => [batchIds[position]!, item]));
  const crowd: LedgerAnswer[] = [];
  for (const entry of ledger) {
    const item = entry.role === 'crowd' ? indexOf.get(entry.item) : undefined;
    if (item !== undefined) crowd.push({ item, annotator: entry.annotator, label: entry.label });
  }
  return { counts: await store.countLabels(), expert, crowd, ids };
}

/** `selection` of the status: boundary pairs' choices, another policy's sides when not at the threshold. */
function selectionField(settings: SelectionSettings): { selection?: SelectionSettings } {
  return Object.keys(settings).length === 0 ? {} : { selection: settings };
}

/** The run's settings as status gives them: dataset, messy-data handling, runner, policy and loop bounds. */
function settingsOf(session: RunSession, state: CurationState) {
  const { config } = session;
  return {
    dataset: { name: config.dataset.name, items: state.poolSize, labels: config.dataset.labels },
    data: {
      onConflict: config.dataset.onConflict ?? 'error',
      conflicts: config.dataset.conflicts ?? 0,
      skipInvalid: config.dataset.skipInvalid ?? false,
      dropped: config.dataset.dropped ?? 0,
    },
    runner: config.runner,
    model: config.model,
    embedder: embedderOf(config),
    policy: config.policy,
    ...selectionField(selectionOf(config, state.config.sides)),
    seed: config.loop.seed,
    batchSize: state.config.batchSize,
    budget: state.config.stop.budget ?? null,
    maxIterations: state.config.stop.maxIterations,
  };
}

/** The batch waiting for expert labels and how many of its items have them; null when none is pending. */
function pendingOf(state: CurationState, view: LedgerView): StatusReport['pending'] {
  const pendingBatch = state.phase === 'annotate' ? state.batches.at(-1) : undefined;
  if (pendingBatch === undefined) return null;
  const expertItems = new Set(view.expert.map((entry) => entry.item));
  return {
    iteration: pendingBatch.iteration,
    items: pendingBatch.items.length,
    labelled: pendingBatch.items.filter((item) => expertItems.has(view.ids.get(item) ?? '')).length,
  };
}

/** Builds the status of a run from its store. */
export async function buildStatus(session: RunSession): Promise<StatusReport> {
  const state = session.state();
  const { store } = session;
  const view = await readLedgerView(session, state);
  const { counts } = view;
  const batches = await store.batches();
  const sharded = await shardStatus(store);
  return {
    format: 'borderline.status',
    ...settingsOf(session, state),
    phase: state.phase,
    iteration: state.iteration,
    modelVersion: state.modelVersion,
    pending: pendingOf(state, view),
    iterations: state.history.map((record, index) => iterationRow(state, record, index, view)),
    stop: state.stop,
    unavailableAnswers: (await store.getMeta<UnavailableRecord | null>(UNAVAILABLE_KEY)) ?? null,
    ledger: {
      labels: counts.total,
      expert: counts.expert,
      crowd: counts.crowd,
      batches: batches.length,
    },
    ...(sharded === undefined ? {} : { shards: sharded.shards }),
    timings: {
      ...(sharded === undefined ? {} : { passes: sharded.timings }),
      models: (await store.models()).map((model) => ({ version: model.version, createdAt: model.createdAt })),
      imports: batches.map((batch) => ({
        batch: batch.batch,
        source: batch.source,
        importedAt: batch.importedAt,
      })),
    },
  };
}
