import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRunStore } from '@borderline/run-store';
import { describe, expect, it } from 'vitest';
import { EXIT_USER } from '../src/exit-codes';
import { cli, tempDir, testEnv } from './helpers';

const temp = tempDir('borderline-messy-');
const call = (argv: readonly string[]) => cli(argv, { cwd: temp.dir, env: testEnv() });

/** A small export as real ones come: an empty text, a changed mind, a label for a removed item. */
function writeMessyDataset(): string {
  const dir = join(temp.dir, 'messy');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'dataset.json'),
    JSON.stringify({
      name: 'messy',
      task: 'Is the reply rude?',
      labels: ['polite', 'rude'],
      positive: 'rude',
      context: ['previous'],
    }),
  );
  const items = Array.from({ length: 12 }, (_, index) => ({
    id: `i${index}`,
    text: index === 3 ? '' : `reply number ${index}`,
    meta: { previous: `question ${index}`, source: 'chat' },
  }));
  writeFileSync(join(dir, 'items.jsonl'), `${items.map((item) => JSON.stringify(item)).join('\n')}\n`);
  const labels = [
    { item: 'i0', annotator: 'ann', role: 'expert', label: 'rude' },
    { item: 'i1', annotator: 'ann', role: 'expert', label: 'polite' },
    { item: 'i0', annotator: 'ann', role: 'expert', label: 'polite' },
    { item: 'gone', annotator: 'ann', role: 'expert', label: 'rude' },
  ];
  writeFileSync(join(dir, 'labels.jsonl'), `${labels.map((label) => JSON.stringify(label)).join('\n')}\n`);
  return dir;
}

describe('messy real data, accepted on purpose', () => {
  const dataset = writeMessyDataset();

  it('stays strict by default, naming the problems', async () => {
    const result = await call(['init', 'strict', '--dataset', dataset, '--embedder', 'glove']);
    expect(result.code).toBe(EXIT_USER);
    expect(result.stderr).toContain('items.jsonl');
    expect(existsSync(join(temp.dir, 'strict'))).toBe(false);
  });

  it('init --on-conflict latest --skip-invalid records both, lists the dropped rows beside the run and says how many (regression: no such options)', async () => {
    const init = await call([
      'init',
      'run',
      '--dataset',
      dataset,
      '--embedder',
      'glove',
      '--on-conflict',
      'latest',
      '--skip-invalid',
      '--json',
    ]);
    expect(init.code, init.stderr).toBe(0);
    const created = JSON.parse(init.stdout);
    expect(created.config.dataset).toMatchObject({
      onConflict: 'latest',
      conflicts: 1,
      skipInvalid: true,
      dropped: 2,
      context: ['previous'],
    });
    expect(created.items).toBe(11);
    const dropped = readFileSync(join(temp.dir, 'run', 'dropped-rows.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(dropped).toHaveLength(2);
    for (const line of dropped) expect(JSON.parse(line)).toHaveProperty('file');
    const human = await call([
      'init',
      'run2',
      '--dataset',
      dataset,
      '--embedder',
      'glove',
      '--on-conflict',
      'drop',
      '--skip-invalid',
    ]);
    expect(human.stdout).toContain('1 settled by --on-conflict drop');
    expect(human.stdout).toContain('2 invalid record(s) left out');
    const status = await call(['status', 'run']);
    expect(status.stdout).toContain('1 changed mind(s) settled by --on-conflict latest');
    expect(status.stdout).toContain('2 invalid record(s) left out');
    const json = JSON.parse((await call(['status', 'run', '--json'])).stdout);
    expect(json.data).toEqual({ onConflict: 'latest', conflicts: 1, skipInvalid: true, dropped: 2 });
  });

  it("keeps each item's meta in the run store (regression: init dropped it)", async () => {
    const store = await openRunStore(join(temp.dir, 'run'), { mode: 'read' });
    try {
      const items = await store.readItems();
      expect(items[0]?.meta).toEqual({ previous: 'question 0', source: 'chat' });
    } finally {
      store.close();
    }
  });
});
