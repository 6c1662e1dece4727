import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_USER } from '../src/exit-codes';
import { cli, tempDir, testEnv } from './helpers';

const temp = tempDir('borderline-init-errors-');

async function init(runDir: string) {
  return cli(['init', runDir, '--dataset', 'convabuse', '--limit', '5'], { cwd: temp.dir, env: testEnv() });
}

function expectCleanFailure(result: { code: number; stderr: string }, named: string) {
  expect(result.code, result.stderr).toBe(EXIT_USER);
  expect(result.stderr).toContain(named);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toContain('internal error');
}

describe('init where a run cannot be made', () => {
  it('init onto a file exits 1 naming it (regression: ENOTDIR stack trace, exit 2)', async () => {
    const file = join(temp.dir, 'a-file.txt');
    writeFileSync(file, 'not a directory\n');
    const result = await init('a-file.txt');
    expectCleanFailure(result, 'a-file.txt');
    expect(result.stderr).toContain('is a file');
  });

  it('init under a file exits 1 naming the file (regression: ENOTDIR stack trace)', async () => {
    writeFileSync(join(temp.dir, 'parent-file'), '');
    const result = await init('parent-file/run');
    expectCleanFailure(result, 'parent-file');
  });

  it.skipIf(!existsSync('/proc/self'))(
    'init /proc/foo fails at once, exit 1 (regression: the mkdir loop spun at 100% CPU forever)',
    async () => {
      const result = await init('/proc/borderline-test-run');
      expectCleanFailure(result, '/proc/borderline-test-run');
      expect(result.stderr).toContain('cannot create the run');
    },
  );

  it('init into a non-empty directory says so, exit 1', async () => {
    mkdirSync(join(temp.dir, 'full'));
    writeFileSync(join(temp.dir, 'full', 'notes.txt'), 'x');
    expectCleanFailure(await init('full'), 'not empty');
  });

  it('names the option a bad value came from, not the config field (regression: "loop.fineTuneShare: Too big")', async () => {
    for (const [options, problem] of [
      [['--fine-tune-share', '2'], '--fine-tune-share: Too big: expected number to be <1 (got 2)'],
      [['--fine-tune-share', 'abc'], '--fine-tune-share: Invalid input: expected number, received NaN'],
      [['--model', 'huge'], '--model: the local runner takes small or large, got "huge"'],
      [['--runner', 'openai', '--base-url', 'not-a-url'], '--base-url: Invalid URL (got "not-a-url")'],
      [
        ['--runner', 'gemini', '--base-url', 'http://127.0.0.1:1/v1'],
        "--base-url: only the openai runner takes a base URL (this run's runner is gemini)",
      ],
    ] as const) {
      const result = await cli(
        ['init', 'bad-option', '--dataset', 'sim:lower', '--limit', '50', ...options],
        {
          cwd: temp.dir,
          env: testEnv(),
        },
      );
      expectCleanFailure(result, problem);
      expect(result.stderr).not.toMatch(/loop\.|dataset\.|baseUrl|fineTuneShare/);
      expect(existsSync(join(temp.dir, 'bad-option'))).toBe(false);
    }
    // Values checked at parse name their option too.
    const limit = await cli(['init', 'bad-option', '--dataset', 'sim:lower', '--limit', '0'], {
      cwd: temp.dir,
      env: testEnv(),
    });
    expectCleanFailure(limit, '--limit: expected a whole number >= 1, got "0"');
    const seed = await cli(['init', 'bad-option', '--dataset', 'sim:lower', '--seed', '1.5'], {
      cwd: temp.dir,
      env: testEnv(),
    });
    expectCleanFailure(seed, '--seed: expected a whole number, got "1.5"');
    expect(existsSync(join(temp.dir, 'bad-option'))).toBe(false);
  });

  it('init makes missing parents', async () => {
    const result = await init('deep/er/run');
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(temp.dir, 'deep/er/run/run.duckdb'))).toBe(true);
  });
});
