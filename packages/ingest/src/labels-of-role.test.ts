import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelsOfRole } from './labels-of-role';
import { loadDataset } from './load-dataset';

const fixtures = join(import.meta.dirname, '__fixtures__');

describe('labelsOfRole', () => {
  it("gives one role's labels as ids and category names, in file order, optionally for the first N items", async () => {
    const dataset = await loadDataset(join(fixtures, 'good'));
    expect(labelsOfRole(dataset, 'crowd')).toEqual([
      { item: 'a2', annotator: 'c1', role: 'crowd', label: 'ok' },
      { item: 'a5', annotator: 'c1', role: 'crowd', label: 'deceptive' },
    ]);
    expect(labelsOfRole(dataset, 'expert').map((label) => label.item)).toEqual([
      'a1',
      'a1',
      'a2',
      'a3',
      'a4',
    ]);
    expect(labelsOfRole(dataset, 'crowd', { items: 4 })).toHaveLength(1);
    expect(labelsOfRole(dataset, 'gold')).toEqual([]);
  });
});
