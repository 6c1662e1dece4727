import { basename, resolve } from 'node:path';
import { BorderlineError } from '@borderline/core';
import { writeCsv, writeJsonl } from '@borderline/ingest';
import type { CommandModule } from 'yargs';
import type { CliIo } from '../io';
import { loadPredictItems, loadPredictModel, type Prediction, predictItems } from '../session/predict-items';
import { outputOf } from './shared';

interface PredictArgs {
  source: string;
  itemsFile: string;
  out?: string;
  threshold?: number;
  json?: boolean;
  quiet?: boolean;
  seed?: number;
}

const COLUMNS = [
  { name: 'item', type: 'text' },
  { name: 'score', type: 'text' },
  { name: 'positive', type: 'text' },
  { name: 'label', type: 'text' },
] as const;

async function writePredictions(file: string, predictions: readonly Prediction[]): Promise<void> {
  if (file.toLowerCase().endsWith('.csv')) {
    const rows = predictions.map((row) => ({
      ...row,
      score: String(row.score),
      positive: String(row.positive),
      label: row.label ?? '',
    }));
    await writeCsv(file, rows, COLUMNS);
  } else
    await writeJsonl(
      file,
      predictions.map((row) => ({ ...row })),
    );
}

/** `--threshold`, when given, lies strictly between 0 and 1. */
function checkThreshold(argv: { threshold?: unknown }): true {
  const threshold = argv.threshold as number | undefined;
  if (threshold !== undefined && !(threshold > 0 && threshold < 1)) {
    throw new BorderlineError({
      code: 'invalid-argument',
      message: `--threshold takes a number between 0 and 1 (got ${String(threshold)})`,
    });
  }
  return true;
}

/** Scores the items, writes them to `--out` (or stdout) and reports the positives. */
async function predict(io: CliIo, args: PredictArgs): Promise<void> {
  const output = outputOf(io, args);
  const model = await loadPredictModel(io, resolve(io.cwd, args.source), args.threshold);
  const items = await loadPredictItems(resolve(io.cwd, args.itemsFile));
  const predictions = await predictItems(model, items);
  const positives = predictions.filter((row) => row.positive).length;
  const out = args.out === undefined ? undefined : resolve(io.cwd, args.out);
  if (out !== undefined) await writePredictions(out, predictions);
  const summary = `predict: ${positives} of ${predictions.length} item(s) of ${basename(args.itemsFile)} predicted positive with ${model.source} (threshold ${model.threshold})`;
  if (args.json === true) {
    output.result(
      {
        source: model.source,
        threshold: model.threshold,
        items: predictions.length,
        positives,
        ...(out === undefined ? { predictions } : { out }),
      },
      () => '',
    );
  } else if (out === undefined) {
    for (const row of predictions) io.stdout.write(`${JSON.stringify(row)}\n`);
    output.note(summary);
  } else output.result({}, () => `${summary}\n  wrote ${out}`);
}

/** `borderline predict`: scores new items with a run's model (or a model file), as the loop scores its pool. */
export function predictCommand(io: CliIo): CommandModule<object, PredictArgs> {
  return {
    command: 'predict <source> <items-file>',
    describe: "Score new items with a run's latest model or a model file (JSONL or CSV out)",
    builder: (yargs) =>
      yargs
        .positional('source', {
          type: 'string',
          demandOption: true,
          describe: 'A run directory (its latest model) or a model file from export --model',
        })
        .positional('items-file', {
          type: 'string',
          demandOption: true,
          describe: 'Items to score: .jsonl, .csv or .parquet with id and text',
        })
        .option('out', {
          type: 'string',
          describe: 'Write the predictions here (.jsonl or .csv); without it, JSONL lines go to stdout',
        })
        .option('threshold', {
          type: 'number',
          describe: "Score at or above which an item is positive (default: the run's, else 0.5)",
        })
        .check(checkThreshold)
        .example('$0 predict runs/abuse new-turns.jsonl --out scored.csv', "The run's latest model")
        .example('$0 predict model.bin new-turns.csv --json', 'A model file; one JSON document') as never,
    handler: (args) => predict(io, args),
  };
}
