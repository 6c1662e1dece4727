import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers';

const temp = tempDir('borderline-agreement-crowd-');

/** A labels file of `workers` crowd workers, each labelling each of `items` items (every pair shares them all). */
function everyoneLabelsAll(name: string, workers: number, items: number): string {
  const lines: string[] = [];
  for (let item = 0; item < items; item++) {
    for (let worker = 0; worker < workers; worker++) {
      const label = (item + (worker % 7 === 0 ? 1 : 0)) % 2 === 0 ? 'no' : 'yes';
      lines.push(JSON.stringify({ item: `i${item}`, annotator: `w${worker}`, role: 'crowd', label }));
    }
  }
  const path = join(temp.dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('borderline agreement on a crowd', () => {
  it('600 annotators: no "Maximum call stack size exceeded" (179,700 pairs; table of every pair with --pairs all)', async () => {
    const file = everyoneLabelsAll('six-hundred.jsonl', 600, 4);
    const result = await cli(['agreement', file, '--pairs', 'all'], { cwd: temp.dir });
    expect(result.stderr).not.toMatch(/call stack|internal error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Agreement of 600 annotators on 4 items, 2400 labels');
    expect(result.stdout.split('\n').length).toBeGreaterThan(179_700);
    const summary = await cli(['agreement', file], { cwd: temp.dir });
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain('(100 of 179700 compared pairs listed');
    expect(summary.stdout.split('\n').length).toBeLessThan(120);
  });

  it('3,334 annotators with --json: one bounded JSON document, no "Invalid string length"', async () => {
    const file = everyoneLabelsAll('crowd.jsonl', 3334, 2);
    const result = await cli(['agreement', file, '--json'], { cwd: temp.dir });
    expect(result.stderr).not.toMatch(/Invalid string length|internal error/);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.totalPairs).toBe((3334 * 3333) / 2);
    expect(report.comparedPairs).toBe(report.totalPairs);
    expect(report.pairs).toHaveLength(100);
    expect(report.meanPairwiseKappa).toEqual(expect.any(Number));
    expect(result.stdout.length).toBeLessThan(1_000_000);
  });

  it('1,000 workers: warnings summarised in a few lines, not one per undefined pair (475K lines)', async () => {
    const lines: string[] = [];
    // Each item labelled by 3 of 1,000 workers, all saying "no": every sharing pair has a single-category kappa.
    for (let item = 0; item < 3000; item++) {
      for (let slot = 0; slot < 3; slot++) {
        const worker = (item * 7 + slot * 331) % 1000;
        lines.push(JSON.stringify({ item: `i${item}`, annotator: `w${worker}`, role: 'crowd', label: 'no' }));
      }
    }
    const file = join(temp.dir, 'undefined-pairs.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const result = await cli(['agreement', file, '--labels', 'no,yes'], { cwd: temp.dir });
    expect(result.code).toBe(0);
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('warning:'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThanOrEqual(6);
    expect(result.stderr).toMatch(/\d+ pairs have an undefined kappa .* and \d+ more/);
  });
});

describe('borderline agreement DIR with a bad dataset.json beside the labels', () => {
  const labels = '{"item": "a", "annotator": "x", "role": "expert", "label": "no"}\n';
  const good = JSON.stringify({ name: 'tiny', task: 't', labels: ['no', 'yes'], positive: 'yes' });
  const cases: [string, (path: string) => void, RegExp][] = [
    ['broken', (path) => writeFileSync(path, '{"name": '), /broken JSON/],
    ['empty', (path) => writeFileSync(path, ''), /empty file/],
    ['a folder', (path) => mkdirSync(path), /is a folder/],
  ];
  it.each(cases)(
    '%s: exit 1 naming the file, as validate reports it (was exit 2 with a SyntaxError stack)',
    async (name, write, message) => {
      const dir = join(temp.dir, `manifest-${name.replace(' ', '-')}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'labels.jsonl'), labels);
      write(join(dir, 'dataset.json'));
      const result = await cli(['agreement', dir], { cwd: temp.dir });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(join(dir, 'dataset.json'));
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/SyntaxError|\n\s+at |internal error/);
      const validate = await cli(['validate', join(dir, 'labels.jsonl')], { cwd: temp.dir });
      expect(validate.code).toBe(1);
      expect(validate.stderr).toMatch(message);
    },
  );

  it('reads a dataset.json with a byte-order mark like the other files', async () => {
    const dir = join(temp.dir, 'manifest-bom');
    mkdirSync(dir);
    writeFileSync(join(dir, 'labels.jsonl'), labels.repeat(1).replace('"a"', '"b"') + labels);
    writeFileSync(join(dir, 'dataset.json'), `\uFEFF${good}`);
    const result = await cli(['agreement', dir, '--json'], { cwd: temp.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).categories).toEqual(['no', 'yes']);
    expect(readFileSync(join(dir, 'dataset.json'), 'utf8').charCodeAt(0)).toBe(0xfeff);
  });
});
