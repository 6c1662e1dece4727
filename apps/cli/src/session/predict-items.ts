import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BorderlineError, type Item } from '@borderline/core';
import { loadItemsFile } from '@borderline/ingest';
import { predict, scoreRows } from '@borderline/loop';
import { openRunStore, RUN_DATABASE } from '@borderline/run-store';
import { type Classifier, type Embedder, loadLocalClassifier } from '@borderline/runners';
import type { CliIo } from '../io';
import { readNamedFile } from '../named-file';
import { createRunEmbedder } from './models';
import { EMBEDDERS, embedderOf, parseRunConfig } from './run-config';
import { CONFIG_KEY } from './run-session';

/** A saved model ready to score, with what the run knew about it. */
export interface PredictModel {
  readonly classifier: Classifier;
  readonly embedder: Embedder;
  /** Where it came from: `run <dir>, model version N` or the file. */
  readonly source: string;
  readonly threshold: number;
  /** The run's two categories (negative first), when the model came from a run. */
  readonly labels?: readonly [string, string];
}

/** One scored item: P(positive), and the label the loop's threshold gives it. */
export interface Prediction {
  readonly item: string;
  readonly score: number;
  readonly positive: boolean;
  readonly label?: string;
}

/** A model file read with whichever local embedder it was trained on (tried by id; embedders load lazily). */
function modelFromFile(io: CliIo, file: string, threshold: number | undefined): PredictModel {
  const bytes = readNamedFile(file, 'predict', 'the model file ');
  const problems: string[] = [];
  for (const name of EMBEDDERS) {
    const embedder = createRunEmbedder(name, io.env);
    try {
      const classifier = loadLocalClassifier(bytes, { embedder });
      return { classifier, embedder, source: file, threshold: threshold ?? 0.5 };
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  throw new BorderlineError({
    code: 'invalid-data',
    message: `predict: ${file} is not a model file this borderline reads (${problems.at(-1) ?? 'unknown format'})`,
  });
}

/** The latest saved model version of a run, with the run's embedder, threshold and categories. */
async function modelFromRun(io: CliIo, dir: string, threshold: number | undefined): Promise<PredictModel> {
  const store = await openRunStore(dir, { mode: 'read' });
  try {
    const config = parseRunConfig(await store.getMeta(CONFIG_KEY), `run config of ${dir}`);
    const saved = (await store.models()).filter((model) => model.sha256 !== undefined);
    const latest = saved.at(-1);
    if (latest === undefined) {
      throw new BorderlineError({
        code: 'run-state',
        message:
          config.runner === 'local'
            ? `predict: run ${dir} has no trained model yet (the first is saved by borderline step ${dir})`
            : `predict: run ${dir} uses the ${config.runner} runner, whose models are not files; predict scores with local models`,
      });
    }
    const bytes = await store.readModelBytes(latest.version);
    const embedder = createRunEmbedder(embedderOf(config), io.env);
    const state = await store.readLoopState();
    return {
      classifier: loadLocalClassifier(bytes, { embedder }),
      embedder,
      source: `run ${dir}, model version ${latest.version}`,
      threshold: threshold ?? state?.config.threshold ?? 0.5,
      labels: config.dataset.labels,
    };
  } finally {
    store.close();
  }
}

/** A run directory (its latest model) or a model file written by `borderline export --model`. */
export async function loadPredictModel(io: CliIo, source: string, threshold?: number): Promise<PredictModel> {
  if (!existsSync(source))
    throw new BorderlineError({ code: 'not-found', message: `predict: no run or model file at ${source}` });
  if (!statSync(source).isDirectory()) return modelFromFile(io, source, threshold);
  if (!existsSync(join(source, RUN_DATABASE))) {
    throw new BorderlineError({
      code: 'not-found',
      message: `predict: ${source} is a directory but not a run (no ${RUN_DATABASE})`,
    });
  }
  return modelFromRun(io, source, threshold);
}

/**
 * Scores items with a saved model the way the loop scores its pool: the items are embedded, the model's head
 * scores the vectors (`scoreRows`), and the loop's threshold (`predict`) turns a score into a label.
 */
export async function predictItems(model: PredictModel, items: readonly Item[]): Promise<Prediction[]> {
  const texts = items.map((item) => item.text);
  const vectors = await model.embedder.embed(texts);
  const space = { embedderId: model.embedder.modelId, dimensions: model.embedder.dimensions };
  const scores = await scoreRows(model.classifier, { space, vectors, texts: () => texts });
  const { labels } = predict(scores, model.threshold);
  return items.map((item, index) => {
    const positive = labels[index] === 1;
    return {
      item: item.id,
      score: scores[index] ?? Number.NaN,
      positive,
      ...(model.labels === undefined ? {} : { label: model.labels[positive ? 1 : 0] }),
    };
  });
}

/** The items to score: a JSONL, CSV or Parquet items file (`id`, `text`), validated (file:line on a problem). */
export function loadPredictItems(file: string): Promise<Item[]> {
  return loadItemsFile(file);
}
