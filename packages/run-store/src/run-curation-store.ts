import { BorderlineError, type Label } from '@borderline/core';
import type { CommittedStep, CurationStore, LedgerAnswer, PoolTexts } from '@borderline/loop';
import type { Classifier } from '@borderline/runners';
import type { Selection } from '@borderline/sampling';
import { sha256Hex } from '@borderline/shards';
import { isSavable } from './model-files';
import { selectionEntries } from './selection-reasons';
import { type ShardPassOptions, shardPasses } from './shard-passes';
import type { ModelVersionRecord, RunStore } from './types';

/** How a run's saved model versions are read back (the runner that saved them knows). */
export interface RunCurationStoreOptions {
  /** A version from its saved bytes; absent (or undefined) when the runner cannot read models back. */
  readonly loadModel?: (bytes: Uint8Array, record: ModelVersionRecord) => Promise<Classifier | undefined>;
  /** How a sharded run's passes run (its executor); required for a sharded run. */
  readonly shards?: ShardPassOptions;
}

/**
 * The loop's storage port over a run's DuckDB store: vectors and scores in committed chunks, the label ledger
 * (expert answers by pool index, role `expert`), model versions (local models as hashed files), and each
 * effect's commit (model row, review selection with reasons, iteration records, loop state) as one transaction,
 * or inside the command's own transaction when one is open.
 */
export async function runCurationStore(
  store: RunStore,
  options: RunCurationStoreOptions = {},
): Promise<CurationStore> {
  const poolSize = await store.itemCount();
  const manifest = store.shardManifest();
  const { wholePool, itemsAt } = poolReader(store);
  const passes = manifest === undefined ? undefined : shardPasses(store, manifest, options.shards);
  return {
    poolSize,
    pool: wholePool,
    itemsAt,
    ...(passes === undefined ? {} : { passes }),
    vectorCount: (space) => store.embeddedCount(space.embedderId),
    writeVectors: (space, start, rows) =>
      store.writeEmbeddings(space.embedderId, start, space.dimensions, rows),
    readVectors: async (space) => {
      if (passes !== undefined) throw wholeVectorsRefused();
      return store.readEmbeddings(space.embedderId, poolSize, space.dimensions);
    },
    scoreCount: (version) => store.predictedCount(version),
    writeScores: (version, start, scores) => store.writePredictions(version, start, scores),
    readScores: (version) => store.readPredictions(version, poolSize),
    readAnswers: (items) => readAnswers(store, items, itemsAt),
    appendAnswers: (batch) => appendAnswers(store, batch, itemsAt),
    loadModel: async (version) => {
      const record = (await store.models()).find((model) => model.version === version);
      if (record?.file === undefined || options.loadModel === undefined) return undefined;
      return options.loadModel(await store.readModelBytes(version), record);
    },
    commit: (step) => store.atomically(() => commit(store, step, itemsAt)),
  };
}

type ItemsAt = (items: readonly number[]) => Promise<PoolTexts>;

/** The pool's texts: read whole once asked for (then kept), or only the items asked for until then. */
function poolReader(store: RunStore): { wholePool: () => Promise<PoolTexts>; itemsAt: ItemsAt } {
  let pool: PoolTexts | undefined;
  const wholePool = async (): Promise<PoolTexts> => {
    if (pool === undefined) {
      const items = await store.readItems();
      pool = { ids: items.map((item) => item.id), texts: items.map((item) => item.text) };
    }
    return pool;
  };
  const itemsAt = async (items: readonly number[]): Promise<PoolTexts> => {
    if (pool === undefined) return store.itemsAt(items);
    const { ids, texts } = pool;
    return { ids: items.map((item) => ids[item]!), texts: items.map((item) => texts[item]!) };
  };
  return { wholePool, itemsAt };
}

function wholeVectorsRefused(): BorderlineError {
  return new BorderlineError({
    code: 'internal',
    message: "run store: a sharded run's vectors are read one shard at a time (passes.embed), never whole",
  });
}

/** The ledger's expert answers for these pool items (the ledger holds ids: only these items' labels are read). */
async function readAnswers(
  store: RunStore,
  items: readonly number[],
  itemsAt: ItemsAt,
): Promise<Map<number, LedgerAnswer[]>> {
  const { ids } = await itemsAt(items);
  const positions = new Map(ids.map((id, position) => [id, items[position]!]));
  const found = new Map<number, LedgerAnswer[]>();
  for (const entry of await store.readLabels({ role: 'expert', items: ids })) {
    const item = positions.get(entry.item);
    if (item === undefined) continue;
    const list = found.get(item) ?? [];
    list.push({ item, annotator: entry.annotator, label: entry.label });
    found.set(item, list);
  }
  return found;
}

/** An annotator's answers into the ledger as one import batch, by item id. */
async function appendAnswers(
  store: RunStore,
  batch: { readonly iteration: number; readonly source: string; readonly answers: readonly LedgerAnswer[] },
  itemsAt: ItemsAt,
): Promise<{ added: number }> {
  const { iteration, source, answers } = batch;
  const { ids } = await itemsAt(answers.map((answer) => answer.item));
  const labels: Label[] = answers.map((answer, position) => ({
    item: ids[position]!,
    annotator: answer.annotator,
    role: 'expert',
    label: answer.label,
    iteration,
  }));
  const result = await store.appendLabels(labels, {
    source,
    sha256: sha256Hex(JSON.stringify(labels)),
    iteration,
  });
  return { added: result.added };
}

async function commit(store: RunStore, step: CommittedStep, itemsAt: ItemsAt): Promise<void> {
  const { model, selection } = step;
  if (model !== undefined && (await store.models()).every((record) => record.version !== model.version)) {
    const { classifier } = model;
    await store.saveModel({
      version: model.version,
      provider: classifier.provider,
      modelId: classifier.modelId,
      ...(isSavable(classifier) ? { bytes: classifier.save() } : {}),
    });
  }
  if (selection !== undefined && selection.selection.items.length > 0) {
    const items = [...new Set([...selection.selection.items, ...pairItems(selection.selection)])];
    const { ids } = await itemsAt(items);
    const idOf = new Map(items.map((item, position) => [item, ids[position]!]));
    await store.writeSelection(
      selection.iteration,
      selectionEntries(selection.selection, (item) => idOf.get(item)),
    );
  }
  for (const event of step.events) {
    if (event.type === 'evaluated') await store.writeIteration(event.record.iteration, event.record);
  }
  await store.writeLoopState(step.state);
}

function pairItems(selection: Selection): number[] {
  return (selection.pairs ?? []).flatMap((pair) => [pair.positive, pair.negative]);
}
