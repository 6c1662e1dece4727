import { ABSENT, BROKEN, cellValue } from './flat-cells';
import type { IssueSink } from './issue-sink';

/** A Parquet string cell whose bytes are not UTF-8: kept decoded with U+FFFD so the row is still checked. */
export class InvalidUtf8 {
  constructor(readonly text: string) {}
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

/** Decodes a Parquet string cell; invalid UTF-8 becomes an `InvalidUtf8` for `rowRecord` to report. */
export function stringFromBytes(bytes: Uint8Array | undefined): string | InvalidUtf8 | undefined {
  if (bytes === undefined || bytes === null) return bytes;
  try {
    return strict.decode(bytes);
  } catch {
    return new InvalidUtf8(lossy.decode(bytes));
  }
}

/**
 * One row of column arrays as a JSON-shaped record (built directly: no intermediate row object), or undefined
 * when a cell was broken. Invalid UTF-8 is reported with its row and field, as the text readers do per line.
 */
export function rowRecord(
  names: readonly string[],
  columns: readonly ArrayLike<unknown>[],
  at: number,
  file: string,
  row: number,
  sink: IssueSink,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (let column = 0; column < names.length; column++) {
    const name = names[column]!;
    let cell = columns[column]![at];
    // Plain text cells (ids, texts) need no conversion: skip the general path and its place object.
    if (typeof cell === 'string' && name !== 'meta' && name !== 'iteration') {
      out[name] = cell;
      continue;
    }
    if (cell instanceof InvalidUtf8) {
      sink.add({
        file,
        row,
        field: name,
        message: 'invalid UTF-8',
        expected: 'UTF-8 text',
        found: 'invalid bytes',
      });
      cell = cell.text;
    }
    const value = cellValue(name, cell, { file, row }, sink);
    if (value === BROKEN) return undefined;
    if (value !== ABSENT) out[name] = value;
  }
  return out;
}
