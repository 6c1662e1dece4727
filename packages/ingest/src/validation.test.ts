import { join } from 'node:path';
import { BorderlineError, type DataIssue, formatDataIssue } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { loadItemsFile, loadLabelsFile } from './read-records';
import { validateDataset } from './validate-dataset';

const fixtures = join(import.meta.dirname, '__fixtures__');
const fixture = (...parts: string[]) => join(fixtures, ...parts);

async function thrown(work: () => Promise<unknown>): Promise<BorderlineError> {
  try {
    await work();
  } catch (error) {
    if (BorderlineError.is(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

/** The place and field of each issue, in the form the CLI prints. */
const places = (issues: readonly DataIssue[]) =>
  issues.map((issue) => `${issue.file}:${issue.line ?? `row ${issue.row}`}: ${issue.field}`);

describe('one malformed fixture per error class', () => {
  it('broken JSON names the line and goes on to the next', async () => {
    const file = fixture('broken-json', 'items.jsonl');
    const error = await thrown(() => loadItemsFile(file));
    expect(error.code).toBe('invalid-data');
    expect(places(error.issues)).toEqual([`${file}:3: (record)`]);
    expect(error.issues[0]!.message).toMatch(/^broken JSON/);
    expect(error.message).toContain(`${file}:3: (record): broken JSON`);
  });

  it('missing text and blank text', async () => {
    const file = fixture('missing-text', 'items.jsonl');
    const error = await thrown(() => loadItemsFile(file));
    expect(places(error.issues)).toEqual([`${file}:2: text`, `${file}:4: text`]);
    expect(error.issues[0]).toMatchObject({ message: 'missing text', expected: 'string', found: 'nothing' });
    expect(error.issues[1]).toMatchObject({
      message: 'text is empty',
      expected: 'non-blank text',
      found: '"   "',
    });
  });

  it('wrong types name each field with what was expected and found', async () => {
    const file = fixture('wrong-type', 'labels.jsonl');
    const error = await thrown(() => loadLabelsFile(file));
    expect(places(error.issues)).toEqual([`${file}:3: annotator`, `${file}:4: role`, `${file}:4: iteration`]);
    expect(error.issues[0]).toMatchObject({ expected: 'string', found: 'number 7' });
    expect(error.issues[1]).toMatchObject({
      expected: 'one of "expert", "crowd", "gold", "model"',
      found: '"boss"',
    });
    expect(error.issues[2]).toMatchObject({ expected: 'number', found: '"two"' });
  });

  it('duplicate item id points at the first occurrence', async () => {
    const file = fixture('duplicate-id', 'items.jsonl');
    const error = await thrown(() => loadItemsFile(file));
    expect(places(error.issues)).toEqual([`${file}:4: id`]);
    expect(error.issues[0]!.message).toBe('duplicate item id (first at line 2)');
  });

  it('invalid UTF-8 names its line', async () => {
    const file = fixture('invalid-utf8', 'items.jsonl');
    const error = await thrown(() => loadItemsFile(file));
    expect(error.issues.map((issue) => `${issue.file}:${issue.line}: ${issue.message}`)).toEqual([
      `${file}:2: invalid UTF-8`,
    ]);
  });

  it.each([
    ['label-outside-set', 'label', 'label outside the label set', '"maybe"'],
    ['unknown-item', 'item', 'label for an unknown item', '"zz"'],
    [
      'conflict',
      'label',
      'annotator "e1" labels item "a1" twice, differently (line 1 says "ok")',
      '"deceptive"',
    ],
  ])('%s: labels.jsonl line 5, field %s', async (name, field, message, found) => {
    const result = await validateDataset(fixture(name));
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual([
      expect.objectContaining({ file: fixture(name, 'labels.jsonl'), line: 5, field, message, found }),
    ]);
    expect(formatDataIssue(result.issues[0]!)).toContain(`labels.jsonl:5: ${field}: `);
  });

  it('CSV records are placed at the line they start on, past quoted newlines', async () => {
    const file = fixture('csv-empty-text', 'items.csv');
    const error = await thrown(() => loadItemsFile(file));
    expect(places(error.issues)).toEqual([`${file}:5: text`]);
  });

  it('an unclosed CSV quote is reported, not thrown as a crash', async () => {
    const file = fixture('csv-unclosed-quote', 'items.csv');
    const error = await thrown(() => loadItemsFile(file));
    expect(error.code).toBe('invalid-data');
    expect(error.issues[0]).toMatchObject({ file, field: '(record)' });
    expect(error.issues[0]!.message).toMatch(/broken CSV/);
  });

  it('a bad manifest names its field', async () => {
    const result = await validateDataset(fixture('bad-manifest'));
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toMatchObject({
      file: fixture('bad-manifest', 'dataset.json'),
      field: 'positive',
    });
  });

  it('stops collecting at maxErrors', async () => {
    const result = await validateDataset(fixture('missing-text', 'items.jsonl'), { maxErrors: 1 });
    expect(result.issues).toHaveLength(1);
  });
});

describe('validateDataset on valid input', () => {
  it('summarises a dataset folder', async () => {
    const result = await validateDataset(fixture('good'));
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary).toMatchObject({
      kind: 'dataset',
      name: 'tiny',
      items: 5,
      labels: 7,
      labelsPerRole: { expert: 5, crowd: 2 },
      balance: { expert: { ok: 3, deceptive: 2 }, crowd: { ok: 1, deceptive: 1 } },
    });
    expect(result.summary.annotators).toEqual([
      { annotator: 'e1', role: 'expert', items: 3 },
      { annotator: 'e2', role: 'expert', items: 2 },
      { annotator: 'c1', role: 'crowd', items: 2 },
    ]);
  });

  it('reads a CSV dataset folder the same way', async () => {
    const result = await validateDataset(fixture('good-csv'));
    expect(result.issues).toEqual([]);
    expect(result.summary).toMatchObject({ items: 3, labels: 3, labelsPerRole: { expert: 2, crowd: 1 } });
  });

  it('checks a lone labels file against the dataset.json beside it', async () => {
    const result = await validateDataset(fixture('label-outside-set', 'labels.jsonl'));
    expect(result.summary.kind).toBe('labels');
    expect(result.issues.map((issue) => [issue.line, issue.field])).toEqual([[5, 'label']]);
  });
});
