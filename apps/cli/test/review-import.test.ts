import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_USER } from '../src/exit-codes';
import { convabuseLabels } from './fixtures';
import { cliIn, recordedLabelsFor, tempDir } from './helpers';

const temp = tempDir('borderline-review-import-');
const { call, ok } = cliIn(temp.dir);

const INIT = [
  '--dataset',
  'convabuse',
  '--embedder',
  'glove',
  '--limit',
  '200',
  '--batch-size',
  '20',
  '--max-iterations',
  '1',
  '--quiet',
];

describe('review files and imports as a labelling team meets them', () => {
  it('importing before select says no batch is pending and what to run (regression: "not in the pending batch")', async () => {
    await ok(['init', 'early', ...INIT]);
    const file = join(temp.dir, 'early.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ item: 'ConvAbuse-train-1', annotator: 'A', role: 'expert', label: 'abusive' })}\n`,
    );
    const before = await call(['import', 'early', file]);
    expect(before.code).toBe(EXIT_USER);
    expect(before.stderr).toContain('no batch is pending');
    expect(before.stderr).toContain('borderline prelabel early');
    expect(before.stderr).not.toContain('not in the pending batch');
    await ok(['prelabel', 'early', '--quiet']);
    const afterPrelabel = await call(['import', 'early', file]);
    expect(afterPrelabel.stderr).toContain('no batch is pending');
    expect(afterPrelabel.stderr).toContain('borderline select early');
  });

  it("writes the task question and the item's context fields into the review files (regression: text only)", async () => {
    await ok(['init', 'team', ...INIT]);
    await ok(['prelabel', 'team', '--quiet']);
    await ok(['select', 'team', '--quiet']);
    const rows = readFileSync(join(temp.dir, 'team', 'review', 'iteration-1.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows[0].question).toBe("Is the user's turn abusive towards the conversational agent?");
    expect(rows[0].context).toHaveProperty('prev_user');
    expect(rows[0].context).toHaveProperty('prev_agent');
    const header = readFileSync(join(temp.dir, 'team', 'review', 'iteration-1.csv'), 'utf8').split('\n')[0];
    expect(header).toContain('prev_user');
    expect(header).toContain('question');
    expect(header?.endsWith('role,label,annotator')).toBe(true);
  });

  it('imports the review CSV as a spreadsheet user fills it in, empty rows and all (regression: refused as malformed)', async () => {
    const sheet = readFileSync(join(temp.dir, 'team', 'review', 'iteration-1.csv'), 'utf8').split('\n');
    let filled = 0;
    const edited = sheet.map((line) => {
      if (filled < 5 && line.endsWith(',expert,,')) {
        filled++;
        return `${line.slice(0, -1 * ',,'.length)},abusive,maria@example.org`;
      }
      return line;
    });
    expect(filled).toBe(5);
    const file = join(temp.dir, 'filled.csv');
    writeFileSync(file, edited.join('\n'));
    const result = await ok(['import', 'team', file]);
    expect(result.stdout).toContain('5 label(s) added');
    expect(result.stdout).toContain('15 row(s) not labelled yet');
    expect(result.stdout).toContain('next: borderline step team');
  });

  it('a filled row without an annotator is still a problem naming its line', async () => {
    const sheet = readFileSync(join(temp.dir, 'team', 'review', 'iteration-1.csv'), 'utf8').split('\n');
    const index = sheet.findIndex((line, position) => position > 0 && line.endsWith(',expert,,'));
    sheet[index] = `${sheet[index]?.slice(0, -2)},abusive,`;
    const file = join(temp.dir, 'half.csv');
    writeFileSync(file, sheet.join('\n'));
    const result = await call(['import', 'team', file]);
    expect(result.code).toBe(EXIT_USER);
    expect(result.stderr).toContain(`half.csv:${index + 1}: annotator`);
  });

  it('re-importing a file after the stop says it was already imported (regression: refused after the stop)', async () => {
    const batch = new Set(
      readFileSync(join(temp.dir, 'team', 'review', 'iteration-1.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).item as string),
    );
    const file = join(temp.dir, 'recorded.jsonl');
    recordedLabelsFor(convabuseLabels(), batch, file);
    await ok(['import', 'team', file]);
    const before = await ok(['import', 'team', file]);
    expect(before.stdout).toContain('already imported');
    await ok(['step', 'team', '--quiet']);
    expect(JSON.parse((await ok(['status', 'team', '--json'])).stdout).phase).toBe('done');
    const after = await ok(['import', 'team', file]);
    expect(after.stdout).toContain('already imported');
    expect(after.stdout).toContain('nothing added');
  });
});
