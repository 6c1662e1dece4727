/** Where the CLI writes and what it knows of its terminal. Tests pass captured streams; the bin passes the process's. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Options every command accepts. */
export interface GlobalOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly seed?: number;
}

/** What a command handler gets: its parsed arguments and the terminal. */
export interface CommandContext<Args> {
  readonly args: Args & GlobalOptions;
  readonly io: CliIo;
}
