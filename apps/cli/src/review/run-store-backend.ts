import { resolve } from 'node:path';
import { BorderlineError, type Item, type Label } from '@borderline/core';
import { openRunStore, type RunStore, sha256Hex } from '@borderline/run-store';
import { checkImport } from '../session/import-file';
import { parseRunConfig, type RunConfig } from '../session/run-config';
import { CONFIG_KEY } from '../session/run-session';
import { batchAgreement, batchProgress } from './batch-status';
import { reviewUnits } from './batch-units';
import { contextFields, readDatasetContext } from './dataset-context';
import type {
  DecideOutcome,
  Decision,
  ExpertView,
  ReviewBackend,
  ReviewBatch,
  ReviewItem,
} from './review-backend';

// The one file of `borderline review` that touches the run store. It holds the run's write lock while the
// server runs, so it is the only writer: the batch's expert labels are kept in memory (read from the ledger at
// open, changed only after a commit), and operations run one at a time on the store's single connection.

/** A review backend over a run directory, and what it noticed while opening. */
export interface OpenedBackend {
  readonly backend: ReviewBackend;
  readonly warnings: readonly string[];
}

/** Runs operations one after another (the store's connection runs one transaction at a time). */
function serialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const next = tail.then(work, work);
    tail = next.catch(() => undefined);
    return next;
  };
}

/** The run's configuration and the iteration and model version of the batch waiting for the experts. */
interface Pending {
  readonly config: RunConfig;
  readonly iteration: number;
  readonly modelVersion: number;
  /** The batch's pool indices, in selection order. */
  readonly items: readonly number[];
}

async function pendingBatch(store: RunStore): Promise<Pending> {
  const config = parseRunConfig(await store.getMeta(CONFIG_KEY), `run config of ${store.dir}`);
  const state = await store.readLoopState();
  if (state === undefined) {
    throw new BorderlineError({ code: 'run-state', message: `review: run ${store.dir} has no loop state` });
  }
  if (state.phase !== 'annotate') {
    const next =
      state.phase === 'done'
        ? `the run has stopped (${state.stop?.reason ?? 'done'}); see "borderline status <run-dir>"`
        : 'choose one with "borderline select <run-dir>" (on a new run, after "borderline prelabel <run-dir>")';
    throw new BorderlineError({
      code: 'run-state',
      message: `review: run ${store.dir} has no batch waiting for the experts (phase "${state.phase}", iteration ${state.iteration}); ${next}`,
    });
  }
  const items = state.batches.at(-1)?.items ?? [];
  return { config, iteration: state.iteration, modelVersion: state.modelVersion, items };
}

/** The batch's items by id: the pool's rows with their `meta`, or a sharded pool's read by index. */
async function batchPool(
  store: RunStore,
  indices: readonly number[],
): Promise<Map<string, Item & { index: number }>> {
  if (store.shardManifest() === undefined) {
    const pool = await store.readItems();
    return new Map(indices.map((index) => [pool[index]!.id, { ...pool[index]!, index }]));
  }
  const { ids, texts } = await store.itemsAt(indices);
  return new Map(ids.map((id, position) => [id, { id, text: texts[position]!, index: indices[position]! }]));
}

async function scoresOf(
  store: RunStore,
  modelVersion: number,
  poolSize: number,
): Promise<Float64Array | undefined> {
  if ((await store.predictedCount(modelVersion)) < poolSize) return undefined;
  return store.readPredictions(modelVersion, poolSize);
}

async function loadBatch(
  store: RunStore,
  { config, iteration, modelVersion, items: indices }: Pending,
): Promise<{ batch: ReviewBatch; warnings: string[] }> {
  const entries = await store.readSelection(iteration);
  const pool = await batchPool(store, indices);
  const scores = await scoresOf(store, modelVersion, await store.itemCount());
  const ids = new Set(entries.map((entry) => entry.item));
  const dataset = await readDatasetContext(config.dataset.dir, ids);
  const items = entries.map((entry): ReviewItem => {
    const item = pool.get(entry.item);
    const score = item === undefined ? undefined : scores?.[item.index];
    return {
      id: entry.item,
      text: item?.text ?? '',
      context: contextFields(item?.meta ?? dataset.meta.get(entry.item)),
      provenance: {
        rank: entry.rank,
        ...(entry.reason === undefined ? {} : { reason: entry.reason }),
        ...(score === undefined || Number.isNaN(score) ? {} : { score }),
      },
    };
  });
  const batch: ReviewBatch = {
    iteration,
    task: config.dataset.task,
    guidelines: dataset.guidelines,
    labels: config.dataset.labels,
    positive: config.dataset.positive,
    expertsPerItem: config.expertsPerItem ?? 1,
    items,
    units: reviewUnits(entries),
  };
  return { batch, warnings: dataset.warning === undefined ? [] : [dataset.warning] };
}

/**
 * Opens the run at `runDir` for review: takes its write lock, loads the pending batch and the experts' labels
 * on it. Each decision is validated as `import` validates a file (`checkImport`) and appended to the ledger by
 * the store (its conflict rule included) in its own transaction; an undo is the store's `retractLabel`.
 */
export async function openRunStoreBackend(runDir: string): Promise<OpenedBackend> {
  const store = await openRunStore(resolve(runDir), { mode: 'open' });
  try {
    const { batch, warnings } = await loadBatch(store, await pendingBatch(store));
    return { backend: await backendOver(store, batch), warnings };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** The batch's expert labels as committed (item -> expert -> decision), and the ledger's length. */
interface Committed {
  readonly store: RunStore;
  readonly batch: ReviewBatch;
  readonly pending: ReadonlySet<string>;
  readonly labels: Map<string, Map<string, Decision>>;
  ledgerSize: number;
}

function progressOf(committed: Committed) {
  const labels = new Map(
    [...committed.labels].map(([item, byExpert]) => [
      item,
      new Map([...byExpert].map(([expert, decision]) => [expert, decision.label])),
    ]),
  );
  return {
    labels,
    progress: batchProgress([...committed.pending], labels, committed.batch.expertsPerItem),
  };
}

async function decideIn(
  committed: Committed,
  expert: string,
  item: string,
  label: string,
): Promise<DecideOutcome> {
  const { batch, store } = committed;
  const entry: Label = { item, annotator: expert, role: 'expert', label, iteration: batch.iteration };
  const sha256 = sha256Hex(
    JSON.stringify({ review: expert, item, label, seq: committed.ledgerSize, at: Date.now() }),
  );
  // The same checks as `import`: a category of the run, an item of the pending batch.
  checkImport(
    {
      file: `review page (${expert})`,
      format: 'jsonl',
      labels: [entry],
      lines: [0],
      sha256,
      unmatched: [],
      unlabelled: 0,
    },
    {
      categories: batch.labels,
      pending: committed.pending,
      pool: committed.pending,
      iteration: batch.iteration,
      // The page serves only a pending batch, so this is never said; the import command words it for a person.
      noBatch: 'no batch is pending: run `borderline select <run-dir>`',
    },
  );
  const existing = committed.labels.get(item)?.get(expert);
  if (existing?.label === label)
    return { status: 'duplicate', decision: existing, batch: progressOf(committed).progress };
  // The run's rule: a label that contradicts one in the ledger is refused (take it back first).
  if (existing !== undefined) return { status: 'conflict', existing, batch: progressOf(committed).progress };
  await store.appendLabels([entry], { source: `review:${expert}`, sha256, iteration: batch.iteration });
  committed.ledgerSize++;
  const decision: Decision = { item, label, seq: committed.ledgerSize };
  committed.labels.get(item)?.set(expert, decision);
  return { status: 'recorded', decision, batch: progressOf(committed).progress };
}

async function undoIn(committed: Committed, expert: string, item: string) {
  const removed = committed.labels.get(item)?.has(expert)
    ? await committed.store.retractLabel(
        { item, annotator: expert, role: 'expert' },
        { iteration: committed.batch.iteration },
      )
    : undefined;
  if (removed === undefined) return { batch: progressOf(committed).progress };
  committed.ledgerSize--;
  committed.labels.get(item)?.delete(expert);
  // Later labels moved down one place in the ledger.
  for (const byExpert of committed.labels.values()) {
    for (const [name, decision] of byExpert) {
      if (decision.seq > removed.seq) byExpert.set(name, { ...decision, seq: decision.seq - 1 });
    }
  }
  const undone: Decision = { item, label: removed.label, seq: removed.seq };
  return { undone, batch: progressOf(committed).progress };
}

function viewOf(committed: Committed, expert: string): ExpertView {
  const decisions: Decision[] = [];
  for (const byExpert of committed.labels.values()) {
    const decision = byExpert.get(expert);
    if (decision !== undefined) decisions.push(decision);
  }
  decisions.sort((a, b) => a.seq - b.seq);
  return {
    expert,
    iteration: committed.batch.iteration,
    decisions,
    labelled: decisions.length,
    total: committed.pending.size,
    batch: progressOf(committed).progress,
  };
}

async function backendOver(store: RunStore, batch: ReviewBatch): Promise<ReviewBackend> {
  const itemIds = batch.items.map((item) => item.id);
  // Only the batch's expert labels are read; the ledger's length is counted.
  const counts = await store.countLabels();
  const committed: Committed = {
    store,
    batch,
    pending: new Set(itemIds),
    labels: new Map(itemIds.map((id) => [id, new Map()])),
    ledgerSize: counts.total,
  };
  for (const entry of await store.readLabels({ role: 'expert', items: itemIds })) {
    committed.labels
      .get(entry.item)
      ?.set(entry.annotator, { item: entry.item, label: entry.label, seq: entry.seq });
  }
  const serial = serialQueue();
  let closed = false;
  return {
    batch,
    decide: (expert, item, label) => serial(() => decideIn(committed, expert, item, label)),
    undo: (expert, item) => serial(() => undoIn(committed, expert, item)),
    view: async (expert) => viewOf(committed, expert),
    progress: async () => progressOf(committed).progress,
    agreement: async () => batchAgreement(progressOf(committed).labels, batch.labels),
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      return serial(async () => store.close());
    },
  };
}
