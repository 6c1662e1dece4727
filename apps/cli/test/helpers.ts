import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempDir as sharedTempDir, type TempDir } from '@borderline/vitest-config/temp-dir';
import { expect } from 'vitest';
import { type CliIo, run } from '../src/index';

/** What one in-process CLI call printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment every test run gets: the datasets, and a cache directory shared across tests. */
export function testEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    BORDERLINE_DATA_PATH: process.env.BORDERLINE_DATA_PATH,
    BORDERLINE_CACHE_DIR: process.env.BORDERLINE_CACHE_DIR ?? join(tmpdir(), 'borderline-test-cache'),
    ...extra,
  };
}

/** Captured terminal streams for an in-process `run(argv, io)`: what was written is read back with out()/err(). */
export function captureIo(
  env: Readonly<Record<string, string | undefined>> = {},
): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env,
    cwd: process.cwd(),
    out: () => out,
    err: () => err,
  };
}

/** Runs the CLI in-process with captured output. */
export async function cli(
  argv: readonly string[],
  options: { cwd: string; env?: Record<string, string | undefined> },
): Promise<CliResult> {
  const io = { ...captureIo(options.env ?? testEnv()), cwd: options.cwd };
  const code = await run(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

/** The CLI bound to one directory: `call` runs it, `ok` also expects exit 0 (naming the command and its stderr). */
export function cliIn(
  cwd: string,
  env: Record<string, string | undefined> = testEnv(),
): {
  call: (argv: readonly string[]) => Promise<CliResult>;
  ok: (argv: readonly string[]) => Promise<CliResult>;
} {
  const call = (argv: readonly string[]) => cli(argv, { cwd, env });
  const ok = async (argv: readonly string[]) => {
    const result = await call(argv);
    expect(result.code, `${argv.join(' ')}\n${result.stderr}`).toBe(0);
    return result;
  };
  return { call, ok };
}

export type { TempDir };

/** A self-removing temp folder (the test preset's `tempDir`), named `borderline-cli-*` unless told. */
export function tempDir(prefix = 'borderline-cli-'): TempDir {
  return sharedTempDir(prefix);
}

/** Writes the dataset's recorded expert labels for the given item ids as a labels JSONL file. */
export function recordedLabelsFor(datasetLabels: string, ids: ReadonlySet<string>, out: string): number {
  const lines = readFileSync(datasetLabels, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      const label = JSON.parse(line) as { item: string; role: string };
      return label.role === 'expert' && ids.has(label.item);
    });
  writeFileSync(out, `${lines.join('\n')}\n`);
  return lines.length;
}

/** `status --json` without its wall-clock part. */
export function withoutTimings(statusJson: string): unknown {
  const { timings: _timings, ...rest } = JSON.parse(statusJson) as Record<string, unknown>;
  return rest;
}
