import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BorderlineError, type Item, type Label } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { loadItemsFile, loadLabelsFile, readItems } from './read-records';
import { writeItems, writeLabels } from './write-records';

const fresh = () => tempDir('borderline-ingest-').dir;

const tricky: Item[] = [
  { id: 'q1', text: 'She said "buy now", then left' },
  { id: 'q2', text: 'line one\nline two, "quoted"\r\nline three', meta: { source: 'hand', n: 3 } },
  { id: 'q3', text: 'emoji 😀🎉 and ünïcödé, ZWJ 👩‍💻' },
  { id: 'q,4', text: ',leading comma and trailing quote"' },
  { id: 'q5', text: '""', meta: { nested: { list: [1, 'two', null] } } },
];

const labels: Label[] = [
  { item: 'q1', annotator: 'e1', role: 'expert', label: 'ok' },
  { item: 'q2', annotator: 'e1', role: 'expert', label: 'bad', iteration: 0, meta: { note: 'a, "b"\nc' } },
  { item: 'q2', annotator: 'c7', role: 'crowd', label: 'ok', iteration: 3 },
  { item: 'q3', annotator: 'm', role: 'model', label: 'bad' },
];

describe('round trips', () => {
  it('JSONL -> CSV -> Parquet -> JSONL is byte-identical for quotes, commas, newlines and emoji', async () => {
    const dir = fresh();
    await writeItems(join(dir, 'a.jsonl'), tricky);
    await writeItems(join(dir, 'b.csv'), readItems(join(dir, 'a.jsonl')));
    await writeItems(join(dir, 'c.parquet'), readItems(join(dir, 'b.csv')));
    await writeItems(join(dir, 'd.jsonl'), readItems(join(dir, 'c.parquet')));
    expect(readFileSync(join(dir, 'd.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'a.jsonl'), 'utf8'));
    expect(await loadItemsFile(join(dir, 'd.jsonl'))).toEqual(tricky);
  });

  it('labels survive the same trip, iteration and meta included', async () => {
    const dir = fresh();
    await writeLabels(join(dir, 'a.jsonl'), labels);
    await writeLabels(join(dir, 'b.csv'), await loadLabelsFile(join(dir, 'a.jsonl')));
    await writeLabels(join(dir, 'c.parquet'), await loadLabelsFile(join(dir, 'b.csv')));
    await writeLabels(join(dir, 'd.jsonl'), await loadLabelsFile(join(dir, 'c.parquet')));
    expect(readFileSync(join(dir, 'd.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'a.jsonl'), 'utf8'));
    expect(await loadLabelsFile(join(dir, 'd.jsonl'))).toEqual(labels);
  });

  it('gzip is written and read transparently', async () => {
    const dir = fresh();
    await writeItems(join(dir, 'items.jsonl.gz'), tricky);
    await writeItems(join(dir, 'items.csv.gz'), tricky);
    expect(readFileSync(join(dir, 'items.jsonl.gz')).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(await loadItemsFile(join(dir, 'items.jsonl.gz'))).toEqual(tricky);
    expect(await loadItemsFile(join(dir, 'items.csv.gz'))).toEqual(tricky);
  });
});

describe('writers write all or nothing', () => {
  it('a bad record leaves no file and no temp file, and names the record', async () => {
    const dir = fresh();
    const bad = [...tricky, { id: 'x', text: ' ' }] as Item[];
    for (const name of ['out.jsonl', 'out.csv', 'out.parquet']) {
      const error = await writeItems(join(dir, name), bad).catch((caught: unknown) => caught);
      expect(BorderlineError.is(error) && error.code).toBe('invalid-data');
      expect(BorderlineError.is(error) && error.issues[0]).toMatchObject({ row: 6, field: 'text' });
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a failed write keeps the existing file as it was', async () => {
    const dir = fresh();
    const path = join(dir, 'items.jsonl');
    writeFileSync(path, 'before\n');
    async function* failing(): AsyncGenerator<Item> {
      yield tricky[0]!;
      throw new Error('source failed');
    }
    await expect(writeItems(path, failing())).rejects.toThrow('source failed');
    expect(readFileSync(path, 'utf8')).toBe('before\n');
    expect(readdirSync(dir)).toEqual(['items.jsonl']);
  });

  it('refuses an unknown extension and gzipped Parquet', async () => {
    await expect(writeItems(join(fresh(), 'items.txt'), tricky)).rejects.toMatchObject({
      code: 'invalid-argument',
    });
    await expect(writeItems(join(fresh(), 'items.parquet.gz'), tricky)).rejects.toMatchObject({
      code: 'invalid-argument',
    });
  });
});

describe('Parquet issues name the row', () => {
  it('a blank text at row 2', async () => {
    const dir = fresh();
    const { writeParquet, ITEM_COLUMNS } = await import('./write-records');
    const path = join(dir, 'items.parquet');
    // writeParquet does not validate, so it can make a malformed file.
    await writeParquet(
      path,
      [
        { id: 'p1', text: 'ok' },
        { id: 'p2', text: '' },
        { id: 'p3', text: 'ok' },
      ],
      ITEM_COLUMNS,
    );
    const error = await loadItemsFile(path).catch((caught: unknown) => caught);
    expect(BorderlineError.is(error) && error.issues).toEqual([
      expect.objectContaining({ file: path, row: 2, field: 'text', message: 'text is empty' }),
    ]);
  });
});

describe('streaming readers', () => {
  it('without onIssue, yield the good records then throw every problem at the end', async () => {
    const path = join(import.meta.dirname, '__fixtures__', 'missing-text', 'items.jsonl');
    const seen: string[] = [];
    const error = await (async () => {
      for await (const item of readItems(path)) seen.push(item.id);
    })().catch((caught: unknown) => caught);
    expect(seen).toEqual(['a1', 'a3']);
    expect(BorderlineError.is(error) && error.issues.map((issue) => issue.line)).toEqual([2, 4]);
  });

  it('with onIssue, report and skip', async () => {
    const path = join(import.meta.dirname, '__fixtures__', 'missing-text', 'items.jsonl');
    const lines: (number | undefined)[] = [];
    const ids: string[] = [];
    for await (const item of readItems(path, { onIssue: (issue) => lines.push(issue.line) }))
      ids.push(item.id);
    expect(ids).toEqual(['a1', 'a3']);
    expect(lines).toEqual([2, 4]);
  });

  it('a missing file is not-found', async () => {
    await expect(loadItemsFile(join(fresh(), 'nope.jsonl'))).rejects.toMatchObject({ code: 'not-found' });
    await expect(loadItemsFile(join(fresh(), 'nope.parquet'))).rejects.toMatchObject({ code: 'not-found' });
  });
});
