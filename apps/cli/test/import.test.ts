import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRunStore } from '@borderline/run-store';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONVABUSE_INIT, convabuseLabels } from './fixtures';
import { cliIn, recordedLabelsFor, tempDir } from './helpers';

const temp = tempDir('borderline-import-');
const run = join(temp.dir, 'run');
let batch: string[] = [];

const { call, ok } = cliIn(temp.dir);

/** The whole observable state, wall clock included: a refused import must change nothing at all. */
async function snapshot(): Promise<string> {
  return (await ok(['status', run, '--json'])).stdout;
}

beforeAll(async () => {
  await ok(['init', run, ...CONVABUSE_INIT]);
  await ok(['prelabel', run, '--quiet']);
  batch = (JSON.parse((await ok(['select', run, '--json'])).stdout) as { items: string[] }).items;
});

describe('import', () => {
  it('refuses a malformed file with exit 1 naming file:line and field, and leaves the run unchanged', async () => {
    const before = await snapshot();
    const file = join(temp.dir, 'bad.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ item: batch[0], annotator: 'A', role: 'expert', label: 'abusive' }),
        JSON.stringify({ item: batch[1], annotator: 'A', role: 'boss', label: 'abusive' }),
        JSON.stringify({ item: batch[2], annotator: 'A', role: 'expert' }),
      ].join('\n'),
    );
    const result = await call(['import', run, file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:2: role`);
    expect(result.stderr).toContain(`${file}:3: label`);
    expect(await snapshot()).toBe(before);
  });

  it('says what is wrong with a labels file or --annotator-map it cannot read (regression: "cannot read X" for a folder)', async () => {
    const before = await snapshot();
    const folder = join(temp.dir, 'labels-folder');
    mkdirSync(folder, { recursive: true });
    const asFolder = await call(['import', run, folder]);
    expect(asFolder.code).toBe(1);
    expect(asFolder.stderr).toBe(`error: cannot read ${folder}: is a folder, expected a file\n`);
    const missing = join(temp.dir, 'no-such-labels.jsonl');
    const notThere = await call(['import', run, missing, '--json']);
    expect(JSON.parse(notThere.stdout).error).toMatchObject({
      code: 'not-found',
      message: `cannot read ${missing}: not found`,
    });
    const labels = join(temp.dir, 'one.jsonl');
    writeFileSync(
      labels,
      `${JSON.stringify({ item: batch[0], annotator: 'A', role: 'expert', label: 'abusive' })}\n`,
    );
    const map = await call(['import', run, labels, '--annotator-map', folder]);
    expect(map.code).toBe(1);
    expect(map.stderr).toBe(`error: --annotator-map: cannot read ${folder}: is a folder, expected a file\n`);
    expect(await snapshot()).toBe(before);
  });

  it("refuses a label outside the run's categories, naming file:line and field", async () => {
    const before = await snapshot();
    const file = join(temp.dir, 'category.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ item: batch[0], annotator: 'A', role: 'expert', label: 'abusive' })}\n\n${JSON.stringify({ item: batch[1], annotator: 'A', role: 'expert', label: 'rude' })}\n`,
    );
    const result = await call(['import', run, file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:3: label: not a category of this run`);
    expect(await snapshot()).toBe(before);
  });

  it('refuses labels for items outside the pending batch, naming their ids', async () => {
    const before = await snapshot();
    const file = join(temp.dir, 'outside.csv');
    writeFileSync(
      file,
      [
        'item,annotator,role,label',
        `${batch[0]},A,expert,abusive`,
        'ConvAbuse-test-9999,A,expert,abusive',
        'nope,A,expert,abusive',
      ].join('\n'),
    );
    const result = await call(['import', run, file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '2 item(s) are not in the pending batch of iteration 1: ConvAbuse-test-9999, nope',
    );
    expect(await snapshot()).toBe(before);
  });

  it('refuses a malformed Label Studio export naming the line of the task and the field', async () => {
    const before = await snapshot();
    const file = join(temp.dir, 'bad-export.json');
    const tasks = [
      {
        id: 1,
        data: { item: batch[0], text: 't' },
        annotations: [{ completed_by: 3, result: [{ type: 'choices', value: { choices: ['abusive'] } }] }],
      },
      { id: 2, data: { text: 't' }, annotations: [] },
    ];
    writeFileSync(file, JSON.stringify(tasks, null, 2));
    const result = await call(['import', run, file]);
    expect(result.code).toBe(1);
    const line = JSON.stringify(tasks, null, 2)
      .split('\n')
      .findIndex((text) => text.includes('"id": 2'));
    expect(result.stderr).toContain(`${file}:${line}: data.item`);
    expect(await snapshot()).toBe(before);
  });

  it('adds labels once: the same file again adds nothing; a Label Studio export adds its own', async () => {
    const recorded = join(temp.dir, 'recorded.jsonl');
    const count = recordedLabelsFor(convabuseLabels(), new Set(batch.slice(0, 10)), recorded);
    const first = JSON.parse((await ok(['import', run, recorded, '--json'])).stdout) as { added: number };
    expect(first.added).toBe(count);
    const again = JSON.parse((await ok(['import', run, recorded, '--json'])).stdout) as {
      added: number;
      again: boolean;
    };
    expect(again).toMatchObject({ added: 0, again: true });
    // A Label Studio export: one answer, one skipped (cancelled) annotation that is not a label.
    const tasks = [
      {
        id: 7,
        data: { item: batch[10], text: 't' },
        annotations: [
          { completed_by: { id: 4 }, result: [{ type: 'choices', value: { choices: ['not_abusive'] } }] },
          { completed_by: 5, was_cancelled: true, result: [] },
        ],
      },
    ];
    const exported = join(temp.dir, 'export.json');
    writeFileSync(exported, JSON.stringify(tasks));
    const studio = JSON.parse((await ok(['import', run, exported, '--new-annotators', '--json'])).stdout) as {
      added: number;
    };
    expect(studio.added).toBe(1);
    const status = JSON.parse((await ok(['status', run, '--json'])).stdout) as { ledger: { expert: number } };
    expect(status.ledger.expert).toBe(count + 1);
  });

  it('refuses a label that contradicts one already in the ledger, and step refuses a half-labelled batch', async () => {
    const before = await snapshot();
    const file = join(temp.dir, 'contradiction.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ item: batch[10], annotator: 'label-studio:4', role: 'expert', label: 'abusive' })}\n`,
    );
    const result = await call(['import', run, file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${batch[10]} (label-studio:4: "not_abusive" already recorded, now "abusive")`,
    );
    expect(await snapshot()).toBe(before);
    const step = await call(['step', run]);
    expect(step.code).toBe(1);
    expect(step.stderr).toContain('have no expert label yet');
    expect(await snapshot()).toBe(before);
  });

  it('a Label Studio export keeps the experts the run knows (regression: label-studio:6 counted as a second person)', async () => {
    const recorded = readFileSync(join(temp.dir, 'recorded.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { item: string; annotator: string; label: string });
    const known = recorded[0]!;
    const other = recorded.find((label) => label.annotator !== known.annotator)!;
    const answer = (label: string) => [{ type: 'choices', value: { choices: [label] } }];
    const before = JSON.parse((await ok(['status', run, '--json'])).stdout).ledger.expert as number;
    const same = join(temp.dir, 'studio-known.json');
    writeFileSync(
      same,
      JSON.stringify([
        {
          id: 21,
          data: { item: known.item, text: 't' },
          annotations: [{ completed_by: { id: 6, email: known.annotator }, result: answer(known.label) }],
        },
      ]),
    );
    const kept = JSON.parse((await ok(['import', run, same, '--json'])).stdout);
    expect(kept).toMatchObject({ added: 0, duplicates: 1 });
    const stranger = join(temp.dir, 'studio-unknown.json');
    writeFileSync(
      stranger,
      JSON.stringify([
        {
          id: 22,
          data: { item: batch[11], text: 't' },
          annotations: [{ completed_by: 7, result: answer('abusive') }],
        },
      ]),
    );
    const refused = await call(['import', run, stranger]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('label-studio:7');
    expect(refused.stderr).toContain('--annotator-map');
    const map = join(temp.dir, 'who.csv');
    writeFileSync(map, `# Label Studio user, annotator\n7,${other.annotator}\n`);
    await ok(['import', run, stranger, '--annotator-map', map]);
    const store = await openRunStore(run, { mode: 'read' });
    try {
      const ledger = await store.readLabels();
      expect(ledger.some((entry) => entry.annotator === 'label-studio:7')).toBe(false);
      expect(ledger.some((entry) => entry.item === batch[11] && entry.annotator === other.annotator)).toBe(
        true,
      );
      expect(ledger.filter((entry) => entry.role === 'expert')).toHaveLength(before + 1);
    } finally {
      store.close();
    }
  });
});
