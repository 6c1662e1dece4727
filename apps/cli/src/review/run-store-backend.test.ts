import { join } from 'node:path';
import { cohenKappa } from '@borderline/agreement';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAPER_PAIRS } from '../../test/fixtures';
import { tempDir } from '../../test/helpers';
import { exportedExpertLabels, makeReviewRun, writeAdsDataset } from '../../test/review-run';
import type { ReviewBackend } from './review-backend';
import { openRunStoreBackend } from './run-store-backend';

const temp = tempDir('borderline-review-backend-');
const run = join(temp.dir, 'run');
let backend: ReviewBackend;

beforeAll(async () => {
  const dataset = writeAdsDataset(join(temp.dir, 'ads'), 24);
  await makeReviewRun(temp.dir, run, [
    '--dataset',
    dataset,
    '--batch-size',
    '12',
    '--experts-per-item',
    '2',
    ...PAPER_PAIRS,
  ]);
  backend = (await openRunStoreBackend(run)).backend;
}, 120_000);

afterAll(async () => {
  await backend?.close();
});

describe('the run-store review backend', () => {
  it('serves the pending batch: pairs from the selection, context, guidelines, provenance', () => {
    const { batch } = backend;
    expect(batch.iteration).toBe(1);
    expect(batch.items).toHaveLength(12);
    expect(batch.labels).toEqual(['benign', 'clickbait']);
    expect(batch.expertsPerItem).toBe(2);
    expect(batch.guidelines[0]).toMatch(/^Clickbait teases/);
    const pairs = batch.units.filter((unit) => unit.kind === 'pair');
    expect(pairs.length).toBeGreaterThan(0);
    expect(batch.units.flatMap((unit) => unit.items).sort()).toEqual(
      batch.items.map((item) => item.id).sort(),
    );
    const first = batch.items.find((item) => item.id === pairs[0]?.items[0]);
    expect(first?.provenance.reason).toContain(`boundary pair with ${pairs[0]?.items[1]}`);
    expect(first?.provenance.score).toBeGreaterThanOrEqual(0);
    expect(first?.context).toContainEqual({ name: 'market', value: 'en-GB' });
  });

  it('records a decision once, refuses a contradiction, and validates as import does', async () => {
    const item = backend.batch.items[0]?.id ?? '';
    const recorded = await backend.decide('ana', item, 'clickbait');
    expect(recorded).toMatchObject({ status: 'recorded', decision: { item, label: 'clickbait' } });
    expect(await backend.decide('ana', item, 'clickbait')).toMatchObject({ status: 'duplicate' });
    expect(await backend.decide('ana', item, 'benign')).toMatchObject({
      status: 'conflict',
      existing: { label: 'clickbait' },
    });
    await expect(backend.decide('ana', item, 'maybe')).rejects.toMatchObject({
      code: 'invalid-data',
      message: expect.stringContaining('label: not a category of this run'),
    });
    await expect(backend.decide('ana', 'ad-not-in-batch', 'benign')).rejects.toThrow(
      /not in the pending batch/,
    );
    expect((await backend.view('ana')).decisions).toEqual([
      expect.objectContaining({ item, label: 'clickbait' }),
    ]);
  });

  it('undoes a decision, so a changed mind is a new label', async () => {
    const item = backend.batch.items[0]?.id ?? '';
    const undone = await backend.undo('ana', item);
    expect(undone.undone).toMatchObject({ item, label: 'clickbait' });
    expect((await backend.view('ana')).decisions).toEqual([]);
    expect((await backend.undo('ana', item)).undone).toBeUndefined();
    expect(await backend.decide('ana', item, 'benign')).toMatchObject({ status: 'recorded' });
  });

  it('keeps two experts apart while they label at once, and completes the batch with both', async () => {
    const items = backend.batch.items.map((item) => item.id);
    const anaLabel = (index: number) => (index % 3 === 0 ? 'clickbait' : 'benign');
    const benLabel = (index: number) => (index % 4 === 0 ? 'clickbait' : 'benign');
    const outcomes = await Promise.all(
      items.flatMap((item, index) => [
        index === 0 ? Promise.resolve(undefined) : backend.decide('ana', item, anaLabel(index)),
        backend.decide('ben', item, benLabel(index)),
      ]),
    );
    expect(outcomes.filter((outcome) => outcome !== undefined && outcome.status !== 'recorded')).toEqual([]);
    // ana's first item was relabelled 'benign' above.
    const ana = await backend.view('ana');
    const ben = await backend.view('ben');
    expect(ana.labelled).toBe(items.length);
    expect(ben.decisions.map((decision) => decision.label)).toEqual(items.map((_, index) => benLabel(index)));
    expect(ana.batch).toEqual({ items: 12, itemsDone: 12, expertsPerItem: 2, complete: true });
    const agreement = await backend.agreement();
    const anaLabels = items.map((_, index) => (index === 0 ? 'benign' : anaLabel(index)));
    const expected = cohenKappa(
      Int32Array.from(anaLabels, (label) => (label === 'clickbait' ? 1 : 0)),
      Int32Array.from(items, (_, index) => (benLabel(index) === 'clickbait' ? 1 : 0)),
      { categories: 2 },
    );
    expect(agreement.experts).toEqual(['ana', 'ben']);
    expect(agreement.pairs).toEqual([
      { a: 'ana', b: 'ben', n: 12, kappa: expect.closeTo(expected.kappa, 12) },
    ]);
  });

  it('has committed every decision: the ledger holds them after the run is closed and reopened', async () => {
    const before = await backend.view('ben');
    await backend.close();
    const ledger = await exportedExpertLabels(temp.dir, run);
    expect(ledger.size).toBe(24);
    for (const decision of before.decisions) expect(ledger.get(`ben|${decision.item}`)).toBe(decision.label);
    backend = (await openRunStoreBackend(run)).backend;
    expect((await backend.view('ben')).decisions).toEqual(before.decisions);
  });
});
