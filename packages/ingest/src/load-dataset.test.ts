import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { loadDataset } from './load-dataset';

const fixtures = join(import.meta.dirname, '__fixtures__');

describe('loadDataset', () => {
  it('loads a folder into columns coded against the label set', async () => {
    const dataset = await loadDataset(join(fixtures, 'good'));
    expect(dataset.manifest.name).toBe('tiny');
    expect(dataset.labelSet.categories).toEqual(['ok', 'deceptive']);
    expect(dataset.items.ids).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(dataset.items.indexOf('a3')).toBe(2);
    expect(dataset.items.indexOf('nope')).toBe(-1);
    const { labels } = dataset;
    expect(labels.count).toBe(7);
    expect(labels.annotators).toEqual(['e1', 'e2', 'c1']);
    expect([...labels.item]).toEqual([0, 0, 1, 1, 2, 3, 4]);
    expect([...labels.annotator]).toEqual([0, 1, 0, 2, 1, 0, 2]);
    expect([...labels.role].map((role) => ROLES[role])).toEqual([
      'expert',
      'expert',
      'expert',
      'crowd',
      'expert',
      'expert',
      'crowd',
    ]);
    expect([...labels.label]).toEqual([0, 0, 1, 0, 1, 0, 1]);
    expect([...labels.iteration]).toEqual([-1, -1, 1, -1, -1, -1, -1]);
  });

  it('throws one invalid-data error for a bad folder', async () => {
    await expect(loadDataset(join(fixtures, 'conflict'))).rejects.toMatchObject({
      code: 'invalid-data',
      issues: [expect.objectContaining({ line: 5, field: 'label' })],
    });
  });

  it('refuses a folder that is not a dataset', async () => {
    await expect(loadDataset(fixtures)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('loads the real datasets by name', async () => {
    const convabuse = await loadDataset('convabuse');
    expect(convabuse.items.ids).toHaveLength(4050);
    expect(convabuse.labels.count).toBe(12_168);
    expect(convabuse.labels.annotators).toHaveLength(8);
    const clickbait = await loadDataset('stop-clickbait');
    expect(clickbait.items.ids).toHaveLength(32_000);
    expect(clickbait.manifest.roles).toEqual(['gold']);
  });
});

describe('loadDataset on messy real data, accepted on purpose', () => {
  const dir = tempDir('borderline-messy-').dir;
  writeFileSync(join(dir, 'dataset.json'), readFileSync(join(fixtures, 'good', 'dataset.json')));
  const items = [
    '{"id": "a1", "text": "one"}',
    '{"id": "a2", "text": "  "}',
    '{"id": "a3", "text": "three"}',
  ];
  writeFileSync(join(dir, 'items.jsonl'), `${items.join('\n')}\n`);
  const labels = [
    { item: 'a1', annotator: 'e1', label: 'ok' },
    { item: 'a1', annotator: 'e1', label: 'deceptive' }, // line 2: e1 changed their mind
    { item: 'a1', annotator: 'e2', label: 'ok' },
    { item: 'a2', annotator: 'e1', label: 'ok' }, // line 4: a2 has empty text
    { item: 'gone', annotator: 'e2', label: 'ok' }, // line 5: item removed from the pool
    { item: 'a3', annotator: 'e2', label: 'maybe' }, // line 6: outside the label set
    { item: 'a3', annotator: 'e1', label: 'deceptive' },
    { item: 'a1', annotator: 'e1', label: 'ok' }, // line 8: and back again
  ].map((label) => JSON.stringify({ ...label, role: 'expert' }));
  writeFileSync(join(dir, 'labels.jsonl'), `${labels.join('\n')}\n`);

  const labelsOf = (dataset: Awaited<ReturnType<typeof loadDataset>>) =>
    Array.from(dataset.labels.label, (code, at) => {
      const item = dataset.items.ids[dataset.labels.item[at]!];
      return `${item}/${dataset.labels.annotators[dataset.labels.annotator[at]!]}=${dataset.labelSet.categories[code]}`;
    });

  it('stays strict by default and names each problem', async () => {
    const error = await loadDataset(dir).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'invalid-data' });
    const places = (error as { issues: { file: string; line: number; field: string }[] }).issues.map(
      (issue) => `${issue.file.endsWith('items.jsonl') ? 'items' : 'labels'}:${issue.line}:${issue.field}`,
    );
    expect(places).toEqual([
      'items:2:text',
      'labels:2:label',
      'labels:4:item',
      'labels:5:item',
      'labels:6:label',
    ]);
  });

  it('skipInvalid drops the bad rows and lists each with file:line and reason', async () => {
    const dataset = await loadDataset(dir, { skipInvalid: true, onConflict: 'first' });
    expect(dataset.items.ids).toEqual(['a1', 'a3']);
    expect(dataset.dropped.map((issue) => `${issue.line}:${issue.field}:${issue.message}`)).toEqual([
      '2:text:text is empty',
      '4:item:label for an unknown item',
      '5:item:label for an unknown item',
      '6:label:label outside the label set',
    ]);
    expect(dataset.dropped.every((issue) => issue.file !== undefined)).toBe(true);
    expect(labelsOf(dataset)).toEqual(['a1/e1=ok', 'a1/e2=ok', 'a3/e1=deceptive']);
    // Line 8 repeats the first label: an exact repeat, not a conflict.
    expect(dataset.conflicts.map((issue) => issue.line)).toEqual([2]);
  });

  it.each([
    ['latest', ['a1/e1=ok', 'a1/e2=ok', 'a3/e1=deceptive'], [2, 8]],
    ['drop', ['a1/e2=ok', 'a3/e1=deceptive'], [2, 8]],
  ] as const)('onConflict %s settles a changed mind and reports it', async (policy, kept, lines) => {
    const dataset = await loadDataset(dir, { skipInvalid: true, onConflict: policy });
    expect(labelsOf(dataset)).toEqual(kept);
    expect(dataset.conflicts.map((issue) => issue.line)).toEqual(lines);
    expect(dataset.conflicts[0]!.message).toContain(`(${policy})`);
  });

  it('latest keeps the label of the last line when the mind changes back and forth', async () => {
    const flip = tempDir('borderline-flip-').dir;
    for (const file of ['dataset.json', 'items.jsonl'])
      writeFileSync(join(flip, file), readFileSync(join(dir, file)));
    const three = ['ok', 'deceptive', 'ok', 'deceptive'].map((label) =>
      JSON.stringify({ item: 'a1', annotator: 'e1', role: 'expert', label }),
    );
    writeFileSync(join(flip, 'labels.jsonl'), `${three.join('\n')}\n`);
    const dataset = await loadDataset(flip, { skipInvalid: true, onConflict: 'latest' });
    expect(labelsOf(dataset)).toEqual(['a1/e1=deceptive']);
  });

  it('onConflict alone still refuses the other problems', async () => {
    await expect(loadDataset(dir, { onConflict: 'latest' })).rejects.toMatchObject({
      code: 'invalid-data',
      issues: expect.not.arrayContaining([expect.objectContaining({ line: 2, field: 'label' })]),
    });
  });
});
