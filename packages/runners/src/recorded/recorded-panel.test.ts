import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Label } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { describeAnnotatorConformance } from '../testing/conformance';
import { createRecordedPanel } from './recorded-panel';

const labels: Label[] = [
  { item: 'c-0', annotator: 'e1', role: 'expert', label: 'clickbait' },
  { item: 'c-0', annotator: 'e2', role: 'expert', label: 'not_clickbait' },
  { item: 'c-1', annotator: 'e1', role: 'expert', label: 'clickbait' },
  { item: 'c-2', annotator: 'w1', role: 'crowd', label: 'clickbait' },
];

describeAnnotatorConformance('recorded experts', () => createRecordedPanel(labels, { role: 'expert' }), {
  unavailable: ['c-2', 'c-3', 'c-4'],
});

describe('createRecordedPanel', () => {
  it('replays every label of the role, in file order, and nothing of other roles', async () => {
    const panel = createRecordedPanel(labels, { role: 'expert' });
    const [first, third] = await panel.annotate([
      { id: 'c-0', text: '' },
      { id: 'c-2', text: '' },
    ]);
    expect(first).toEqual({ status: 'labelled', item: 'c-0', labels: [labels[0], labels[1]] });
    expect(third?.status).toBe('unavailable');
  });

  it('is not changed by later edits of the input array', async () => {
    const copy = labels.map((label) => ({ ...label }));
    const panel = createRecordedPanel(copy, { role: 'crowd' });
    copy[3] = { ...copy[3]!, label: 'not_clickbait' };
    const [annotation] = await panel.annotate([{ id: 'c-2', text: '' }]);
    expect(annotation?.status === 'labelled' && annotation.labels[0]?.label).toBe('clickbait');
  });

  it('replays the gold labels of a real dataset', async () => {
    const file = join(process.env.BORDERLINE_DATA_PATH!, 'stop-clickbait', 'labels.jsonl');
    const real = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(0, 50)
      .map((line) => JSON.parse(line) as Label);
    const panel = createRecordedPanel(real, { role: 'gold' });
    const annotations = await panel.annotate(real.map((label) => ({ id: label.item, text: '' })));
    expect(annotations.every((annotation) => annotation.status === 'labelled')).toBe(true);
    expect(
      (await createRecordedPanel(real, { role: 'expert' }).annotate([{ id: real[0]!.item, text: '' }]))[0]
        ?.status,
    ).toBe('unavailable');
  });

  it('rejects an unknown role and malformed labels', () => {
    expect(() => createRecordedPanel(labels, { role: 'boss' as never })).toThrow(/unknown role/);
    expect(() => createRecordedPanel([{ item: 1 } as never], { role: 'expert' })).toThrow(/labels\[0\]/);
  });
});
