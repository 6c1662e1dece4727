import type { IssueSink } from './issue-sink';
import { describeFound } from './issue-sink';
import { BATCH_SIZE, type RawBatch } from './raw-batch';
import { readTextChunks } from './text-chunks';

function parseLine(text: string, file: string, line: number, sink: IssueSink): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    sink.add({
      file,
      line,
      field: '(record)',
      message: `broken JSON: ${reason}`,
      expected: 'a JSON object',
      found: describeFound(text.trim()),
    });
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    sink.add({
      file,
      line,
      field: '(record)',
      message: 'not an object',
      expected: 'a JSON object',
      found: describeFound(value),
    });
    return undefined;
  }
  return value;
}

/** JSONL: one JSON object per line; blank lines are skipped. */
export async function* rawJsonlBatches(
  path: string,
  gzip: boolean,
  sink: IssueSink,
): AsyncGenerator<RawBatch> {
  let records: unknown[] = [];
  let places: number[] = [];
  for await (const chunk of readTextChunks(path, gzip, sink)) {
    const lines = chunk.text.split('\n');
    for (let index = 0; index < lines.length; index++) {
      const text = lines[index]!;
      // A blank line (or the empty piece after the final newline) is not a record.
      if (text.length === 0 || (text.length < 3 && text.trim() === '')) continue;
      const value = parseLine(text, path, chunk.firstLine + index, sink);
      if (value === undefined) continue;
      records.push(value);
      places.push(chunk.firstLine + index);
    }
    if (records.length >= BATCH_SIZE) {
      yield { records, places, unit: 'line' };
      records = [];
      places = [];
    }
    if (sink.full) return;
  }
  if (records.length > 0) yield { records, places, unit: 'line' };
}
