/** ANSI styling that is a no-op when the stream is not a terminal (or NO_COLOR is set). */
export interface Colors {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly cyan: (text: string) => string;
}

const plain = (text: string) => text;

/** Colours for a stream: real ones only on a TTY without NO_COLOR. */
export function colorsFor(
  isTTY: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Colors {
  const enabled = isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
  if (!enabled) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}
