/** Text is handed to the stream in pieces of about this size. */
const CHUNK = 1 << 16;

/** Containers this deep are written entry by entry; deeper values are stringified whole. */
const WALKED_DEPTH = 2;

/**
 * Writes `value` as `JSON.stringify(value, null, 2)` would, plus a newline, in pieces: the top levels are walked
 * entry by entry, so a report of a million pairs never becomes one string (V8 refuses strings past ~512 MB:
 * "Invalid string length").
 */
export function writeJson(write: (text: string) => unknown, value: unknown): void {
  let buffer = '';
  const emit = (text: string) => {
    buffer += text;
    if (buffer.length >= CHUNK) {
      write(buffer);
      buffer = '';
    }
  };
  walk(emit, value, 0);
  write(`${buffer}\n`);
}

function walk(emit: (text: string) => void, value: unknown, depth: number): void {
  const json = toJsonValue(value);
  if (depth >= WALKED_DEPTH || typeof json !== 'object' || json === null) {
    emit(indented(JSON.stringify(json, null, 2) ?? 'null', depth));
    return;
  }
  const inner = '  '.repeat(depth + 1);
  const outer = '  '.repeat(depth);
  if (Array.isArray(json)) {
    if (json.length === 0) {
      emit('[]');
      return;
    }
    emit('[');
    json.forEach((entry, at) => {
      emit(`${at === 0 ? '' : ','}\n${inner}`);
      walk(emit, entry === undefined || typeof entry === 'function' ? null : entry, depth + 1);
    });
    emit(`\n${outer}]`);
    return;
  }
  const entries = Object.entries(json).filter(
    ([, entry]) => entry !== undefined && typeof entry !== 'function' && typeof entry !== 'symbol',
  );
  if (entries.length === 0) {
    emit('{}');
    return;
  }
  emit('{');
  entries.forEach(([key, entry], at) => {
    emit(`${at === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: `);
    walk(emit, entry, depth + 1);
  });
  emit(`\n${outer}}`);
}

function toJsonValue(value: unknown): unknown {
  const toJSON = (value as { toJSON?: unknown } | null | undefined)?.toJSON;
  return typeof toJSON === 'function' ? toJSON.call(value) : value;
}

/** A value stringified at depth 0, shifted to sit at `depth` (JSON strings hold no raw newline). */
function indented(text: string, depth: number): string {
  return depth === 0 ? text : text.replaceAll('\n', `\n${'  '.repeat(depth)}`);
}
