import { describe, expect, it } from 'vitest';
import { type CliIo, run } from './index';

function capture(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: {},
    cwd: process.cwd(),
    out: () => out,
    err: () => err,
  };
}

describe('borderline CLI', () => {
  it('prints help and exits 0', async () => {
    const io = capture();
    expect(await run(['--help'], io)).toBe(0);
    expect(io.out()).toContain('borderline <command>');
  });

  it('asks for a command with exit 1 when none is given', async () => {
    const io = capture();
    expect(await run([], io)).toBe(1);
    expect(io.err()).toContain('Name a command');
  });
});
