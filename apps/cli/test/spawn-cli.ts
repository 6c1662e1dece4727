import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const register = fileURLToPath(new URL('./ts-register.mjs', import.meta.url));

/** A CLI process started from source, with its output collected as it comes. */
export interface SpawnedCli {
  readonly child: ChildProcess;
  /** Resolves when a line matching `pattern` appears on stderr or stdout. */
  waitFor(pattern: RegExp): Promise<void>;
  /** Resolves when the process has exited, with how. */
  readonly exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
}

/**
 * Starts `borderline <argv>` as a real process running the TypeScript sources (the workspace's
 * `@borderline/source` condition plus a transpile-only loader), so nothing needs building and a kill -9 hits a
 * real process with a real database lock.
 */
export function spawnCli(
  argv: readonly string[],
  options: { cwd: string; env: Record<string, string | undefined> },
): SpawnedCli {
  const child = spawn(
    process.execPath,
    ['--conditions=@borderline/source', '--import', register, bin, ...argv],
    {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const check = () => {
    for (let index = waiters.length - 1; index >= 0; index--) {
      const waiter = waiters[index]!;
      if (waiter.pattern.test(stderr) || waiter.pattern.test(stdout)) {
        waiters.splice(index, 1);
        waiter.resolve();
      }
    }
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    check();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    check();
  });
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    child,
    exited,
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ pattern, resolve });
        check();
        void exited.then((result) =>
          reject(
            new Error(`process ended (${result.code ?? result.signal}) before ${pattern}:\n${result.stderr}`),
          ),
        );
      }),
  };
}

/** Starts the CLI, waits for `pattern`, and kills it with SIGKILL; resolves with how it ended. */
export async function killDuring(
  argv: readonly string[],
  pattern: RegExp,
  options: { cwd: string; env: Record<string, string | undefined> },
): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  const spawned = spawnCli(argv, options);
  await spawned.waitFor(pattern);
  spawned.child.kill('SIGKILL');
  const result = await spawned.exited;
  return { signal: result.signal, stderr: result.stderr };
}
