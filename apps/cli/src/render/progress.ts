import { Presets, SingleBar } from 'cli-progress';
import type { CliIo } from '../io';

/** Progress of one long task (prelabel, embedding, training). */
export interface Progress {
  /** Sets how much is done (absolute). */
  update(done: number): void;
  /** Ends the bar (or prints the closing line). */
  finish(): void;
}

const silent: Progress = { update: () => {}, finish: () => {} };

/**
 * A progress bar on a terminal (cli-progress on stderr), plain lines at every tenth otherwise, nothing with
 * `--quiet`. Progress never goes to stdout, so `--json` output stays a single document.
 */
export function createProgress(io: CliIo, quiet: boolean, label: string, total: number, start = 0): Progress {
  if (quiet || total <= 0) return silent;
  if (io.stderr.isTTY === true) return terminalBar(io, label, total, start);
  let lastTenth = -1;
  let last = start;
  const print = (done: number) => {
    io.stderr.write(`${label}: ${done}/${total} (${Math.floor((100 * done) / total)}%)\n`);
  };
  return {
    update: (done) => {
      last = done;
      const tenth = Math.floor((10 * done) / total);
      if (tenth > lastTenth && done < total) {
        lastTenth = tenth;
        print(done);
      }
    },
    finish: () => print(last),
  };
}

function terminalBar(io: CliIo, label: string, total: number, start: number): Progress {
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {percentage}% eta {eta_formatted}`,
      stream: io.stderr as NodeJS.WritableStream,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  bar.start(total, start);
  return {
    update: (done) => bar.update(done),
    finish: () => bar.stop(),
  };
}
