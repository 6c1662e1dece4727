import { join } from 'node:path';
import type { Label } from '@borderline/core';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { openRunStore } from './open-run-store';
import type { RunStore } from './types';

const open: RunStore[] = [];

async function create(): Promise<RunStore> {
  const store = await openRunStore(join(tempDir('borderline-ledger-').dir, 'run'), { mode: 'create' });
  open.push(store);
  return store;
}

afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

const label = (item: string, annotator: string, value: string, iteration?: number): Label => ({
  item,
  annotator,
  role: 'expert',
  label: value,
  ...(iteration === undefined ? {} : { iteration }),
});

/** `count` expert labels by `annotator` on items `<prefix>0 ..`, alternating pos / neg. */
function many(prefix: string, annotator: string, count: number, iteration?: number): Label[] {
  return Array.from({ length: count }, (_, index) =>
    label(`${prefix}${index}`, annotator, index % 2 === 0 ? 'pos' : 'neg', iteration),
  );
}

const seqs = async (store: RunStore) => (await store.readLabels()).map((entry) => entry.seq);

describe('ledger: retractLabel', () => {
  it('retracts a label of the iteration under way only, keeping seq gap-free', async () => {
    const store = await create();
    await store.appendLabels([label('a', 'x', 'pos', 1)], { source: 's1', sha256: 'r1' });
    await store.appendLabels([label('b', 'x', 'neg', 2)], { source: 's2', sha256: 'r2' });
    await store.appendLabels([label('c', 'y', 'pos', 2)], { source: 's3', sha256: 'r3' });
    // A stepped iteration's label stays.
    expect(await store.retractLabel({ item: 'a', annotator: 'x', role: 'expert' }, { iteration: 2 })).toBe(
      undefined,
    );
    const removed = await store.retractLabel({ item: 'b', annotator: 'x', role: 'expert' }, { iteration: 2 });
    expect(removed).toMatchObject({ seq: 2, item: 'b', label: 'neg' });
    expect((await store.readLabels()).map((entry) => [entry.seq, entry.item])).toEqual([
      [1, 'a'],
      [2, 'c'],
    ]);
    // The key is free again: a changed mind is a new label, appended at the end.
    await store.appendLabels([label('b', 'x', 'pos', 2)], { source: 's4', sha256: 'r4' });
    expect((await store.readLabels()).map((entry) => [entry.seq, entry.item, entry.label])).toEqual([
      [1, 'a', 'pos'],
      [2, 'c', 'pos'],
      [3, 'b', 'pos'],
    ]);
  });

  it('moves every later label down one place and leaves other annotators and roles alone', async () => {
    const store = await create();
    await store.appendLabels(many('i', 'x', 40, 3), { source: 'x', sha256: 'x' });
    await store.appendLabels([{ ...label('i7', 'x', 'neg', 3), role: 'gold' }], { source: 'g', sha256: 'g' });
    await store.appendLabels(many('i', 'y', 40, 3), { source: 'y', sha256: 'y' });
    // Not there: another annotator's key, or no label at all.
    expect(await store.retractLabel({ item: 'i7', annotator: 'z', role: 'expert' }, { iteration: 3 })).toBe(
      undefined,
    );
    const removed = await store.retractLabel(
      { item: 'i7', annotator: 'x', role: 'expert' },
      { iteration: 3 },
    );
    expect(removed).toMatchObject({ seq: 8, item: 'i7', annotator: 'x', role: 'expert', label: 'neg' });
    const ledger = await store.readLabels();
    expect(ledger.map((entry) => entry.seq)).toEqual(Array.from({ length: 80 }, (_, index) => index + 1));
    expect(ledger[7]).toMatchObject({ item: 'i8', annotator: 'x' });
    expect(
      ledger.filter((entry) => entry.item === 'i7').map((entry) => [entry.annotator, entry.role]),
    ).toEqual([
      ['x', 'gold'],
      ['y', 'expert'],
    ]);
    // The next append continues after the last place.
    await store.appendLabels([label('i7', 'x', 'pos', 3)], { source: 'x2', sha256: 'x2' });
    expect((await seqs(store)).at(-1)).toBe(81);
    expect((await store.readLabels()).at(-1)).toMatchObject({ item: 'i7', annotator: 'x', label: 'pos' });
  });

  it('rolls back with the transaction it is part of', async () => {
    const store = await create();
    await store.appendLabels(many('i', 'x', 5, 1), { source: 'x', sha256: 'x' });
    await expect(
      store.transaction(async () => {
        await store.retractLabel({ item: 'i1', annotator: 'x', role: 'expert' }, { iteration: 1 });
        throw new Error('abandoned');
      }),
    ).rejects.toThrow('abandoned');
    expect((await store.readLabels()).map((entry) => entry.item)).toEqual(['i0', 'i1', 'i2', 'i3', 'i4']);
  });
});

describe('ledger: appendLabels against a long ledger', () => {
  it('finds duplicates and contradictions for a few items (reading only their rows)', async () => {
    const store = await create();
    await store.appendLabels(many('i', 'x', 1500), { source: 'bulk', sha256: 'bulk' });
    const few = await store.appendLabels(
      [
        label('i10', 'x', 'pos'),
        label('i10', 'y', 'neg'),
        label('i1499', 'y', 'pos'),
        label('new', 'x', 'pos'),
      ],
      { source: 'few', sha256: 'few' },
    );
    expect(few).toMatchObject({ added: 3, duplicates: 1 });
    await expect(
      store.appendLabels([label('i11', 'x', 'pos'), label('other', 'x', 'pos')], {
        source: 'c',
        sha256: 'c',
      }),
    ).rejects.toThrow(/1 label\(s\) contradict.*i11 \(x: "neg" already recorded, now "pos"\)/);
    expect((await seqs(store)).length).toBe(1503);
  });

  it('finds them for a large import (more items than are read back one by one)', async () => {
    const store = await create();
    await store.appendLabels(many('i', 'x', 1500), { source: 'bulk', sha256: 'bulk' });
    const again = await store.appendLabels([...many('i', 'x', 1200), ...many('j', 'x', 300)], {
      source: 'again',
      sha256: 'again',
    });
    expect(again).toMatchObject({ added: 300, duplicates: 1200 });
    const flipped = many('i', 'x', 1200).map((entry, index) =>
      index === 1100 ? { ...entry, label: entry.label === 'pos' ? 'neg' : 'pos' } : entry,
    );
    await expect(store.appendLabels(flipped, { source: 'f', sha256: 'f' })).rejects.toThrow(
      /1 label\(s\) contradict.*i1100 \(x: "pos" already recorded, now "neg"\)/,
    );
    // A contradiction within the same batch is refused too.
    await expect(
      store.appendLabels([label('k', 'x', 'pos'), label('k', 'x', 'neg')], { source: 'k', sha256: 'k' }),
    ).rejects.toMatchObject({ code: 'invalid-data' });
    expect(await seqs(store)).toEqual(Array.from({ length: 1800 }, (_, index) => index + 1));
  });
});

describe('ledger: readLabels for given items', () => {
  it('reads only those items, in append order, with the role filter, across many ids', async () => {
    const store = await create();
    await store.appendLabels(many('a', 'x', 1500), { source: 's1', sha256: 'r1' });
    await store.appendLabels([{ ...label('a3', 'crowd-1', 'pos'), role: 'crowd' }], {
      source: 's2',
      sha256: 'r2',
    });
    await store.appendLabels(many('a', 'y', 1500), { source: 's3', sha256: 'r3' });
    const wanted = ['a1499', 'a3', 'a1001', 'nobody', 'a3'];
    const experts = await store.readLabels({ role: 'expert', items: wanted });
    const whole = (await store.readLabels({ role: 'expert' })).filter((entry) => wanted.includes(entry.item));
    expect(experts).toEqual(whole);
    expect(experts.map((entry) => [entry.item, entry.annotator])).toEqual([
      ['a3', 'x'],
      ['a1001', 'x'],
      ['a1499', 'x'],
      ['a3', 'y'],
      ['a1001', 'y'],
      ['a1499', 'y'],
    ]);
    // Without a role, the crowd's label of a3 comes too; more ids than one query takes give the same rows.
    expect((await store.readLabels({ items: ['a3'] })).map((entry) => entry.role)).toEqual([
      'expert',
      'crowd',
      'expert',
    ]);
    const all = Array.from({ length: 1500 }, (_, index) => `a${index}`);
    expect(await store.readLabels({ role: 'expert', items: all })).toEqual(
      await store.readLabels({ role: 'expert' }),
    );
    expect(await store.readLabels({ items: [] })).toEqual([]);
  });

  it('counts the labels per role in the database', async () => {
    const store = await create();
    expect(await store.countLabels()).toEqual({ expert: 0, crowd: 0, gold: 0, model: 0, total: 0 });
    await store.appendLabels(many('a', 'x', 7), { source: 's1', sha256: 'r1' });
    await store.appendLabels([{ ...label('a3', 'crowd-1', 'pos'), role: 'crowd' }], {
      source: 's2',
      sha256: 'r2',
    });
    const counts = await store.countLabels();
    expect(counts).toEqual({ expert: 7, crowd: 1, gold: 0, model: 0, total: 8 });
    const whole = await store.readLabels();
    expect(counts.total).toBe(whole.length);
    expect(whole.at(-1)?.seq).toBe(counts.total);
  });
});
