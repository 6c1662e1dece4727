import { describe, expect, it } from 'vitest';
import { describeFailure, EXIT_INTERNAL, EXIT_USER } from '../src/exit-codes';
import { cli, tempDir } from './helpers';

const COMMANDS = [
  'validate',
  'agreement',
  'init',
  'prelabel',
  'select',
  'import',
  'step',
  'status',
  'run',
  'export',
  'worker',
];

describe('help', () => {
  it.each(COMMANDS)('%s --help has examples and exits 0', async (command) => {
    const result = await cli([command, '--help'], { cwd: process.cwd() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain(`borderline ${command}`);
  });

  it('lists every command', async () => {
    const result = await cli(['--help'], { cwd: process.cwd() });
    for (const command of COMMANDS) expect(result.stdout).toContain(`borderline ${command}`);
  });
});

describe('exit codes', () => {
  it('1 for a usage mistake, a missing run, and a command the run is not ready for', async () => {
    const temp = tempDir();
    const unknown = await cli(['frobnicate'], { cwd: temp.dir });
    expect(unknown.code).toBe(EXIT_USER);
    const missing = await cli(['status', 'no-such-run'], { cwd: temp.dir });
    expect(missing.code).toBe(EXIT_USER);
    expect(missing.stderr).toContain('no run at');
    const init = await cli(
      ['init', 'r', '--dataset', 'convabuse', '--embedder', 'glove', '--limit', '50', '--batch-size', '10'],
      {
        cwd: temp.dir,
      },
    );
    expect(init.code, init.stderr).toBe(0);
    const early = await cli(['select', 'r'], { cwd: temp.dir });
    expect(early.code).toBe(EXIT_USER);
    expect(early.stderr).toContain('next: borderline prelabel r');
    const again = await cli(['init', 'r', '--dataset', 'convabuse'], { cwd: temp.dir });
    expect(again.code).toBe(EXIT_USER);
    const badConfig = await cli(['init', 'r2', '--dataset', 'convabuse', '--batch-size', '0'], {
      cwd: temp.dir,
    });
    expect(badConfig.code).toBe(EXIT_USER);
    expect(badConfig.stderr).toContain('--batch-size: expected a whole number >= 1, got "0"');
    const noExport = await cli(['export', 'r'], { cwd: temp.dir });
    expect(noExport.code).toBe(EXIT_USER);
    expect(noExport.stderr).toContain('--labels, --model and/or --report');
  });

  it('2 for anything that is not a borderline error (a bug), with its stack', () => {
    const failure = describeFailure(new TypeError('x is undefined'));
    expect(failure.code).toBe(EXIT_INTERNAL);
    expect(failure.message).toContain('internal error: TypeError: x is undefined');
  });
});
