import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { unflatten } from './flat-cells';
import type { IssueSink } from './issue-sink';
import { BATCH_SIZE, type RawBatch } from './raw-batch';
import { readTextChunks } from './text-chunks';

async function* texts(path: string, gzip: boolean, sink: IssueSink): AsyncGenerator<string> {
  for await (const chunk of readTextChunks(path, gzip, sink)) yield chunk.text;
}

function newlinesIn(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

interface CsvRow {
  readonly record: Record<string, string>;
  readonly raw: string;
  readonly info: { readonly lines: number };
}

/** The line a record starts on: csv-parse reports the line count after the record, and the raw text. */
function startLine(row: CsvRow): number {
  const span = newlinesIn(row.raw);
  return row.raw.endsWith('\n') ? row.info.lines - span + 1 : row.info.lines - span;
}

/**
 * CSV (RFC 4180) with a header row naming the columns. Quoted fields may hold commas, quotes and newlines;
 * each record is placed at the line it starts on. Malformed records are reported and skipped.
 */
export async function* rawCsvBatches(path: string, gzip: boolean, sink: IssueSink): AsyncGenerator<RawBatch> {
  const parser = parse({
    columns: true,
    info: true,
    raw: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
  parser.on('skip', (error: CsvError) => {
    sink.add({
      file: path,
      line: Number(error.lines),
      field: '(record)',
      message: `broken CSV: ${error.message}`,
    });
  });
  const input = Readable.from(texts(path, gzip, sink));
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let records: unknown[] = [];
  let places: number[] = [];
  try {
    for await (const row of parser as AsyncIterable<CsvRow>) {
      const line = startLine(row);
      const record = unflatten(row.record, { file: path, line }, sink);
      if (record !== undefined) {
        records.push(record);
        places.push(line);
      }
      if (records.length >= BATCH_SIZE) {
        yield { records, places, unit: 'line' };
        records = [];
        places = [];
      }
      if (sink.full) break;
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    sink.add({
      file: path,
      line: Number(error.lines),
      field: '(record)',
      message: `broken CSV: ${error.message}`,
    });
  } finally {
    input.destroy();
    parser.destroy();
  }
  if (records.length > 0) yield { records, places, unit: 'line' };
}
