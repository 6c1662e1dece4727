import { type ChildProcess, spawn } from 'node:child_process';

/** A test worker process and the lines it printed. */
export interface SpawnedWorker {
  readonly child: ChildProcess;
  lines(): string[];
  /** Resolves with the first line matching `pattern` (already printed or to come). */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `node <script> ...args` and collects its stdout lines. */
export function spawnWorker(script: string, args: readonly string[]): SpawnedWorker {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  let partial = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (process.env.SHARDS_DEBUG)
        process.stderr.write(`${(performance.now() / 1000).toFixed(2)} ${line}\n`);
      for (let index = waiters.length - 1; index >= 0; index--) {
        const match = line.match(waiters[index]!.pattern);
        if (match !== null) {
          waiters[index]!.resolve(match);
          waiters.splice(index, 1);
        }
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    lines: () => [...lines],
    waitFor: (pattern) => {
      for (const line of lines) {
        const match = line.match(pattern);
        if (match !== null) return Promise.resolve(match);
      }
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then(() => reject(new Error(`worker exited before ${pattern}: ${stderr}`)));
      });
    },
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
