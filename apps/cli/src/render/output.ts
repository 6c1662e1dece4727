import type { CliIo, GlobalOptions } from '../io';
import { type Colors, colorsFor } from './colors';
import { writeJson } from './json';
import { createProgress, type Progress } from './progress';

/** How a command talks to the terminal; the one place that knows about --json and --quiet. */
export interface Output {
  readonly json: boolean;
  readonly quiet: boolean;
  /** Colours for stdout text. */
  readonly colors: Colors;
  /** A status line on stderr (hidden by --quiet). */
  note(text: string): void;
  /** A warning on stderr (always shown). */
  warn(text: string): void;
  /** The command's result: JSON on stdout with --json, the human rendering otherwise. */
  result(value: unknown, human: () => string): void;
  /** A progress bar (TTY) or plain progress lines on stderr. */
  progress(label: string, total: number, start?: number): Progress;
}

/** The output of one command invocation. */
export function createOutput(io: CliIo, options: GlobalOptions): Output {
  const colors = colorsFor(io.stdout.isTTY, io.env);
  const errorColors = colorsFor(io.stderr.isTTY, io.env);
  return {
    json: options.json,
    quiet: options.quiet,
    colors,
    note: (text) => {
      if (!options.quiet) io.stderr.write(`${text}\n`);
    },
    warn: (text) => {
      io.stderr.write(`${errorColors.yellow('warning:')} ${text}\n`);
    },
    result: (value, human) => {
      if (options.json) writeJson((text) => io.stdout.write(text), value);
      else {
        const text = human();
        if (text !== '') io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      }
    },
    progress: (label, total, start = 0) => createProgress(io, options.quiet, label, total, start),
  };
}
