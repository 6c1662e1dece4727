import { describe, expect, it } from 'vitest';
import { captureIo } from '../test/helpers';
import { run } from './index';

describe('borderline CLI', () => {
  it('prints help and exits 0', async () => {
    const io = captureIo();
    expect(await run(['--help'], io)).toBe(0);
    expect(io.out()).toContain('borderline <command>');
  });

  it('asks for a command with exit 1 when none is given', async () => {
    const io = captureIo();
    expect(await run([], io)).toBe(1);
    expect(io.err()).toContain('Name a command');
  });
});
