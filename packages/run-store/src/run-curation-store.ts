import type { Label } from '@borderline/core';
import type { CommittedStep, CurationStore, LedgerAnswer, PoolTexts } from '@borderline/loop';
import type { Classifier, SavableClassifier } from '@borderline/runners';
import { sha256Hex } from './model-files';
import { selectionEntries } from './selection-reasons';
import type { ModelVersionRecord, RunStore } from './types';

/** How a run's saved model versions are read back (the runner that saved them knows). */
export interface RunCurationStoreOptions {
  /** A version from its saved bytes; absent (or undefined) when the runner cannot read models back. */
  readonly loadModel?: (bytes: Uint8Array, record: ModelVersionRecord) => Promise<Classifier | undefined>;
}

function isSavable(classifier: Classifier): classifier is SavableClassifier {
  return typeof (classifier as Partial<SavableClassifier>).save === 'function';
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
  let pool: PoolTexts | undefined;
  let indexOf: Map<string, number> | undefined;
  const texts = async (): Promise<PoolTexts> => {
    if (pool === undefined) {
      const items = await store.readItems();
      pool = { ids: items.map((item) => item.id), texts: items.map((item) => item.text) };
    }
    return pool;
  };
  const index = async () => {
    indexOf ??= new Map((await texts()).ids.map((id, position) => [id, position]));
    return indexOf;
  };
  return {
    poolSize,
    pool: texts,
    vectorCount: (space) => store.embeddedCount(space.embedderId),
    writeVectors: (space, start, rows) =>
      store.writeEmbeddings(space.embedderId, start, space.dimensions, rows),
    readVectors: (space) => store.readEmbeddings(space.embedderId, poolSize, space.dimensions),
    scoreCount: (version) => store.predictedCount(version),
    writeScores: (version, start, scores) => store.writePredictions(version, start, scores),
    readScores: (version) => store.readPredictions(version, poolSize),
    readAnswers: async (items) => {
      const wanted = new Set(items);
      const positions = await index();
      const found = new Map<number, LedgerAnswer[]>();
      for (const entry of await store.readLabels({ role: 'expert' })) {
        const item = positions.get(entry.item);
        if (item === undefined || !wanted.has(item)) continue;
        const list = found.get(item) ?? [];
        list.push({ item, annotator: entry.annotator, label: entry.label });
        found.set(item, list);
      }
      return found;
    },
    appendAnswers: async ({ iteration, source, answers }) => {
      const { ids } = await texts();
      const labels: Label[] = answers.map((answer) => ({
        item: ids[answer.item]!,
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
    },
    loadModel: async (version) => {
      const record = (await store.models()).find((model) => model.version === version);
      if (record?.file === undefined || options.loadModel === undefined) return undefined;
      return options.loadModel(await store.readModelBytes(version), record);
    },
    commit: (step) => store.atomically(() => commit(store, step, texts)),
  };
}

async function commit(store: RunStore, step: CommittedStep, texts: () => Promise<PoolTexts>): Promise<void> {
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
    await store.writeSelection(
      selection.iteration,
      selectionEntries(selection.selection, (await texts()).ids),
    );
  }
  for (const event of step.events) {
    if (event.type === 'evaluated') await store.writeIteration(event.record.iteration, event.record);
  }
  await store.writeLoopState(step.state);
}
