import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers';

const temp = tempDir('borderline-export-');
const run = join(temp.dir, 'r');
beforeAll(async () => {
  const init = await cli(
    ['init', run, '--dataset', 'convabuse', '--limit', '40', '--batch-size', '10', '--quiet'],
    {
      cwd: temp.dir,
    },
  );
  expect(init.code, init.stderr).toBe(0);
}, 120_000);

/** No stack, no internal error: a message naming the path, exit 1. */
function expectCleanRefusal(result: { code: number; stderr: string }, path: string) {
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(`cannot write ${path}`);
  expect(result.stderr).not.toMatch(/\n\s+at |internal error|EEXIST: file already exists, mkdir/);
}

describe('export into a place it cannot write (was exit 2 with an EEXIST/EACCES/EROFS stack)', () => {
  it('--report onto an existing file', async () => {
    const file = join(temp.dir, 'taken');
    writeFileSync(file, 'mine');
    expectCleanRefusal(await cli(['export', run, '--report', file], { cwd: temp.dir }), file);
  });

  it('--labels under a file, and nothing else is written (no partial export)', async () => {
    const file = join(temp.dir, 'plain-file');
    writeFileSync(file, '');
    const labels = join(file, 'labels.jsonl');
    const report = join(temp.dir, 'report-not-written');
    const result = await cli(['export', run, '--report', report, '--labels', labels], { cwd: temp.dir });
    expectCleanRefusal(result, labels);
    expect(existsSync(report)).toBe(false);
  });

  it('--labels onto a folder', async () => {
    const folder = join(temp.dir, 'a-folder.jsonl');
    mkdirSync(folder);
    expectCleanRefusal(await cli(['export', run, '--labels', folder], { cwd: temp.dir }), folder);
  });

  it('a place the file system refuses (/proc: ENOENT at every level, where recursive mkdir spun forever)', async () => {
    const place = '/proc/borderline-export-test/out';
    const result = await cli(['export', run, '--report', place], { cwd: temp.dir });
    expectCleanRefusal(result, place);
    // Worded as every named path the CLI cannot use: the reason in words (systemReason), no bare code.
    expect(result.stderr).toContain(
      `cannot write ${place}: cannot create the folder /proc/borderline-export-test: not found\n`,
    );
  });

  it('--json: the refusal as a JSON object on stdout', async () => {
    const file = join(temp.dir, 'taken');
    const result = await cli(['export', run, '--report', file, '--json'], { cwd: temp.dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      error: { code: 'io', message: `cannot write ${file}: it is a file, not a folder`, issues: [] },
    });
  });

  it('says what it wrote, in words, and leaves no temporary file', async () => {
    const out = join(temp.dir, 'out');
    const result = await cli(['export', run, '--labels', join(out, 'labels.jsonl'), '--report', out], {
      cwd: temp.dir,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^wrote \d+ labels \(the whole ledger\) to .*labels\.jsonl$/m);
    expect(result.stdout).toMatch(/^wrote the run's report to .*report\.json and .*report\.md$/m);
    expect(readdirSync(out).sort()).toEqual(['labels.jsonl', 'report.json', 'report.md']);
  });
});
