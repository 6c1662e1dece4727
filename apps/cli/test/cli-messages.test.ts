import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BorderlineError } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { describeFailure, EXIT_USER } from '../src/exit-codes';
import { cli, tempDir } from './helpers';

const temp = tempDir('borderline-messages-');
const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('messages a person can act on', () => {
  it('--version prints the version from package.json (it printed "unknown")', async () => {
    const result = await cli(['--version'], { cwd: temp.dir });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('answers an option typo with "did you mean", and points to the subcommand\'s --help', async () => {
    const result = await cli(['validate', 'convabuse', '--max-erors', '3'], { cwd: temp.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unknown argument --max-erors; did you mean --max-errors?');
    expect(result.stderr).not.toContain('maxErors');
    expect(result.stderr).toContain('Run "borderline validate --help" for usage.');
    const global = await cli(['agreement', 'convabuse', '--jsn'], { cwd: temp.dir });
    expect(global.stderr).toContain('Unknown argument --jsn; did you mean --json?');
    expect(global.stderr).toContain('Run "borderline agreement --help" for usage.');
  });

  it('answers a command typo with "did you mean"', async () => {
    const result = await cli(['agrement', 'convabuse'], { cwd: temp.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Did you mean agreement?');
  });

  it('--json errors are one JSON object on stdout, with the issues', async () => {
    const file = join(temp.dir, 'labels.jsonl');
    writeFileSync(file, '{"item": "a", "annotator": "x", "role": "boss", "label": "no"}\n');
    const result = await cli(['validate', file, '--json'], { cwd: temp.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const { error } = JSON.parse(result.stdout);
    expect(error.code).toBe('invalid-data');
    expect(error.message).toMatch(/^1 problem in /);
    expect(error.issues).toEqual([expect.objectContaining({ file, line: 1, field: 'role' })]);
    const usage = await cli(['validate', file, '--json', '--max-errors', 'x'], { cwd: temp.dir });
    expect(JSON.parse(usage.stdout).error).toMatchObject({
      code: 'invalid-argument',
      help: 'borderline validate --help',
    });
  });

  it('a dataset-name miss lists the datasets on BORDERLINE_DATA_PATH, without an "ingest:" prefix', async () => {
    const data = join(temp.dir, 'data');
    for (const name of ['convabuse', 'stop-clickbait']) {
      mkdirSync(join(data, name), { recursive: true });
      writeFileSync(join(data, name, 'dataset.json'), '{}');
    }
    const result = await cli(['agreement', 'convabus'], {
      cwd: temp.dir,
      env: { BORDERLINE_DATA_PATH: data },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: no dataset "convabus"; looked in:/);
    expect(result.stderr).toContain('datasets on BORDERLINE_DATA_PATH: convabuse, stop-clickbait');
  });

  it('strips package prefixes in the one error renderer; a file-system error is exit 1 with its path', () => {
    for (const message of ['run store: no run at x', 'ingest: no run at x', 'agreementReport: no run at x']) {
      expect(describeFailure(new BorderlineError({ code: 'not-found', message })).message).toBe(
        'no run at x',
      );
    }
    expect(
      describeFailure(new BorderlineError({ code: 'run-locked', message: 'run is locked: x' })).message,
    ).toBe('run is locked: x');
    const system = Object.assign(new Error('ENOTDIR: not a directory, mkdir'), {
      code: 'ENOTDIR',
      path: '/a/file/run',
    });
    expect(describeFailure(system)).toMatchObject({
      code: EXIT_USER,
      message: '/a/file/run: a part of the path is a file, not a folder (ENOTDIR)',
    });
  });

  it('refuses a whole-number option or --redis it cannot use as a usage mistake naming it, not deeper or as an internal error', async () => {
    for (const port of ['abc', '99999', '-1', '1.5']) {
      const result = await cli(['review', 'no-run', '--port', port], { cwd: temp.dir });
      expect(result.code).toBe(EXIT_USER);
      expect(result.stderr).toContain(`--port: expected a whole number from 0 to 65535, got "${port}"`);
      expect(result.stderr).not.toContain('internal error');
    }
    for (const [command, option, value, floor] of [
      ['prelabel', '--chunk-size', 'abc', 1],
      ['prelabel', '--processes', '-1', 0],
      ['select', '--max-iterations', '1.5', 1],
      ['run', '--max-iterations', '0', 1],
    ] as const) {
      const argv = [
        command,
        'no-run',
        option,
        value,
        ...(command === 'run' ? ['--annotators', 'recorded'] : []),
      ];
      const result = await cli(argv, { cwd: temp.dir });
      expect(result.code).toBe(EXIT_USER);
      expect(result.stderr).toContain(`${option}: expected a whole number >= ${floor}, got "${value}"`);
    }
    const redis = await cli(['worker', '--redis', 'redis://h:99999'], { cwd: temp.dir });
    expect(redis.code).toBe(EXIT_USER);
    expect(redis.stderr).toContain(
      '--redis takes a redis:// URL, e.g. redis://127.0.0.1:6379 (got "redis://h:99999")',
    );
    expect(redis.stderr).not.toContain('internal error');
  });
});
