import { join } from 'node:path';
import { ROLES } from '@borderline/core';
import { describe, expect, it } from 'vitest';
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
