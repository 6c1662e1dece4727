import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../test/helpers';
import { run } from '../index';

const fixtures = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'packages',
  'ingest',
  'src',
  '__fixtures__',
);

describe('borderline validate', () => {
  it('summarises the real ConvAbuse folder by path', async () => {
    const io = captureIo(process.env);
    const dir = join(process.env.BORDERLINE_DATA_PATH!.split(':')[0]!, 'convabuse');
    expect(await run(['validate', dir], io)).toBe(0);
    expect(io.out()).toContain('convabuse');
    expect(io.out()).toContain('items:  4050');
    expect(io.out()).toContain('labels: 12168 (expert 12168)');
    expect(io.out()).toMatch(/Ann\d\s+expert\s+\d+/);
    expect(io.out()).toMatch(/expert\s+10223 \(84\.0%\)\s+1945 \(16\.0%\)/);
  });

  it('resolves stop-clickbait through BORDERLINE_DATA_PATH', async () => {
    const io = captureIo({ BORDERLINE_DATA_PATH: process.env.BORDERLINE_DATA_PATH });
    expect(await run(['validate', 'stop-clickbait'], io)).toBe(0);
    expect(io.out()).toContain('items:  32000');
    expect(io.out()).toContain('labels: 32000 (gold 32000)');
  });

  it('prints JSON with --json', async () => {
    const io = captureIo(process.env);
    expect(await run(['validate', join(fixtures, 'good'), '--json'], io)).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ kind: 'dataset', items: 5, labels: 7 });
  });

  it.each([
    ['broken-json/items.jsonl', 'items.jsonl:3: (record): broken JSON'],
    ['missing-text/items.jsonl', 'items.jsonl:2: text: missing text'],
    ['wrong-type/labels.jsonl', 'labels.jsonl:3: annotator: '],
    ['duplicate-id/items.jsonl', 'items.jsonl:4: id: duplicate item id'],
    ['invalid-utf8/items.jsonl', 'items.jsonl:2: invalid UTF-8'],
    ['label-outside-set', 'labels.jsonl:5: label: label outside the label set'],
    ['unknown-item', 'labels.jsonl:5: item: label for an unknown item'],
    ['conflict', 'labels.jsonl:5: label: annotator "e1" labels item "a1" twice'],
  ])('exits 1 on %s with file:line and field', async (target, expected) => {
    const io = captureIo(process.env);
    expect(await run(['validate', join(fixtures, target)], io)).toBe(1);
    expect(io.err()).toContain(expected);
    expect(io.out()).toBe('');
  });

  it('exits 1 with the places it looked for an unknown name', async () => {
    const io = captureIo({ BORDERLINE_DATA_PATH: '/nowhere' });
    expect(await run(['validate', 'no-such-dataset'], io)).toBe(1);
    expect(io.err()).toContain('/nowhere/no-such-dataset');
  });
});
