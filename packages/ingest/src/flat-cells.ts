import { describeFound, type IssueSink } from './issue-sink';

/** What `cellValue` returns for an empty optional cell. */
export const ABSENT: unique symbol = Symbol('absent');
/** What `cellValue` returns for a cell it reported as broken. */
export const BROKEN: unique symbol = Symbol('broken');

type Place = { file: string; line?: number; row?: number };

/**
 * Flat formats (CSV, Parquet) hold `meta` as JSON text and `iteration` as text or a number; this turns one cell
 * into its JSON shape. Empty or null optional cells are ABSENT; `meta` that is not JSON is reported and BROKEN.
 */
export function cellValue(key: string, value: unknown, place: Place, sink: IssueSink): unknown {
  if (value === null) return ABSENT;
  if (typeof value === 'bigint') return Number(value);
  if (key !== 'meta' && key !== 'iteration') return value;
  if (value === '') return ABSENT;
  if (typeof value !== 'string') return value;
  if (key === 'iteration') return /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  try {
    return JSON.parse(value);
  } catch {
    const found = describeFound(value);
    sink.add({ ...place, field: 'meta', message: 'meta is not JSON', expected: 'a JSON object', found });
    return BROKEN;
  }
}

/** A flat record (a CSV row) in its JSON shape, or undefined when a cell was broken. */
export function unflatten(
  record: Record<string, unknown>,
  place: Place,
  sink: IssueSink,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const key in record) {
    const value = cellValue(key, record[key], place, sink);
    if (value === BROKEN) return undefined;
    if (value !== ABSENT) out[key] = value;
  }
  return out;
}
