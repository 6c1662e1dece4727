import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRunStore } from '@borderline/run-store';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT_USER } from '../src/exit-codes';
import { convabuseLabels } from './fixtures';
import { cliIn, recordedLabelsFor, tempDir } from './helpers';

const temp = tempDir('borderline-predict-');
const { call, ok } = cliIn(temp.dir);
const itemsFile = () => join(convabuseLabels(), '..', 'items.jsonl');

beforeAll(async () => {
  await ok([
    'init',
    'run',
    '--dataset',
    'convabuse',
    '--embedder',
    'glove',
    '--limit',
    '300',
    '--batch-size',
    '100',
    '--max-iterations',
    '2',
    '--quiet',
  ]);
  await ok(['prelabel', 'run', '--quiet']);
  await call(['predict', 'run', itemsFile()]).then((early) => {
    expect(early.code).toBe(EXIT_USER);
    expect(early.stderr).toContain('no trained model yet');
  });
  await ok(['select', 'run', '--quiet']);
  const ids = new Set(
    readFileSync(join(temp.dir, 'run/review/iteration-1.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).item as string),
  );
  recordedLabelsFor(convabuseLabels(), ids, join(temp.dir, 'labels.jsonl'));
  await ok(['import', 'run', 'labels.jsonl', '--quiet']);
  await ok(['step', 'run', '--quiet']);
  // The first pool items and some the run never saw.
  const lines = readFileSync(itemsFile(), 'utf8').split('\n');
  writeFileSync(
    join(temp.dir, 'new.jsonl'),
    `${[...lines.slice(0, 5), ...lines.slice(400, 405)].join('\n')}\n`,
  );
});

describe('borderline predict', () => {
  it("scores items with a run's model exactly as the loop scored its pool (regression: no predict command)", async () => {
    const result = await ok(['predict', 'run', 'new.jsonl', '--json']);
    const report = JSON.parse(result.stdout);
    expect(report.items).toBe(10);
    expect(report.source).toContain('model version 1');
    const store = await openRunStore(join(temp.dir, 'run'), { mode: 'read' });
    try {
      const stored = await store.readPredictions(1, 5);
      for (let index = 0; index < 5; index++)
        expect(report.predictions[index].score).toBeCloseTo(stored[index]!, 12);
    } finally {
      store.close();
    }
    for (const row of report.predictions) {
      expect(row.positive).toBe(row.score >= 0.5);
      expect(row.label).toBe(row.positive ? 'abusive' : 'not_abusive');
    }
  });

  it('reads a model file from export --model, and writes JSONL to stdout or CSV to --out', async () => {
    await ok(['export', 'run', '--model', join(temp.dir, 'model.bin')]);
    const fromRun = (await ok(['predict', 'run', 'new.jsonl'])).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const fromFile = await ok(['predict', 'model.bin', 'new.jsonl']);
    const rows = fromFile.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.map((row) => row.score)).toEqual(fromRun.map((row) => row.score));
    expect(fromFile.stderr).toContain('predicted positive');
    const csv = await ok(['predict', 'run', 'new.jsonl', '--out', 'scored.csv']);
    expect(csv.stdout).toContain('wrote');
    const sheet = readFileSync(join(temp.dir, 'scored.csv'), 'utf8').trim().split('\n');
    expect(sheet[0]).toBe('item,score,positive,label');
    expect(sheet).toHaveLength(11);
  });

  it('names a bad items file by line, and a source that is neither a run nor a model', async () => {
    writeFileSync(join(temp.dir, 'bad.jsonl'), '{"id":"a","text":"fine"}\n{"id":"b"}\n');
    const bad = await call(['predict', 'run', 'bad.jsonl']);
    expect(bad.code).toBe(EXIT_USER);
    expect(bad.stderr).toContain('bad.jsonl:2');
    const neither = await call(['predict', 'new.jsonl', 'new.jsonl']);
    expect(neither.code).toBe(EXIT_USER);
    expect(neither.stderr).toContain('not a model file');
    for (const result of [bad, neither]) expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
