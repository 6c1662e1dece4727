import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalEmbedder, loadLocalClassifier } from '@borderline/runners';
import { describe, expect, it } from 'vitest';
import { CONVABUSE_INIT, convabuseLabels } from './fixtures';
import { cliIn, recordedLabelsFor, tempDir, withoutTimings } from './helpers';

const temp = tempDir();

const { ok } = cliIn(temp.dir);

describe('a scripted session on ConvAbuse', () => {
  it('runs init -> prelabel -> (select -> import -> step) until the stop rule stops it, as run does', async () => {
    const scripted = join(temp.dir, 'scripted');
    await ok(['init', scripted, ...CONVABUSE_INIT, '--max-iterations', '2']);
    await ok(['prelabel', scripted]);
    let stopped = false;
    for (let round = 1; round <= 5 && !stopped; round++) {
      const selected = JSON.parse((await ok(['select', scripted, '--json'])).stdout) as {
        iteration: number;
        items: string[];
        files: string[];
      };
      expect(selected.iteration).toBe(round);
      expect(existsSync(join(scripted, 'review', `iteration-${round}.jsonl`))).toBe(true);
      expect(existsSync(join(scripted, 'review', `iteration-${round}.csv`))).toBe(true);
      const file = join(temp.dir, `labels-${round}.jsonl`);
      const count = recordedLabelsFor(convabuseLabels(), new Set(selected.items), file);
      const imported = JSON.parse((await ok(['import', scripted, file, '--json'])).stdout) as {
        added: number;
      };
      expect(imported.added).toBe(count);
      const stepped = JSON.parse((await ok(['step', scripted, '--json'])).stdout) as { stopped: boolean };
      stopped = stepped.stopped;
    }
    expect(stopped).toBe(true);

    const status = JSON.parse((await ok(['status', scripted, '--json'])).stdout) as {
      phase: string;
      stop: { reason: string };
      iterations: {
        iteration: number;
        modelExpertKappa: { value: number | null; ci95: unknown };
        internalAlignment: { value: number | null };
      }[];
    };
    expect(status.phase).toBe('done');
    expect(status.iterations.map((row) => row.iteration)).toEqual(
      Array.from({ length: status.iterations.length }, (_, index) => index),
    );
    for (const row of status.iterations) {
      expect(row.modelExpertKappa.value).toEqual(expect.any(Number));
      expect(row.modelExpertKappa.ci95).toHaveLength(2);
      expect(row.internalAlignment.value).toEqual(expect.any(Number));
    }

    const exported = JSON.parse(
      (
        await ok([
          'export',
          scripted,
          '--labels',
          'out/labels.jsonl',
          '--model',
          'out/model.bin',
          '--report',
          'out',
          '--json',
        ])
      ).stdout,
    ) as { labels: { labels: number }; model: { version: number } };
    const ledgerSize = (
      JSON.parse((await ok(['status', scripted, '--json'])).stdout) as { ledger: { labels: number } }
    ).ledger.labels;
    expect(exported.labels.labels).toBe(ledgerSize);
    expect(
      readFileSync(join(temp.dir, 'out', 'labels.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(ledgerSize);
    expect(exported.model.version).toBe(status.iterations.at(-1)?.iteration);
    const model = loadLocalClassifier(readFileSync(join(temp.dir, 'out', 'model.bin')), {
      embedder: createLocalEmbedder(),
    });
    // Every run version is the base adapted once on all the fine-tune examples so far (the loop's adapt rule).
    expect(model.version).toBe(1);
    expect(model.modelId).toBe('local-large');
    expect(JSON.parse(readFileSync(join(temp.dir, 'out', 'report.json'), 'utf8'))).toEqual(status);

    const unattended = join(temp.dir, 'unattended');
    await ok(['init', unattended, ...CONVABUSE_INIT]);
    await ok(['run', unattended, '--annotators', 'recorded', '--max-iterations', '2', '--quiet']);
    const again = await ok(['status', unattended, '--json']);
    expect(withoutTimings(again.stdout)).toEqual(withoutTimings(JSON.stringify(status)));
  });

  it('writes Label Studio tasks and imports Label Studio exports and CSV', async () => {
    const run = join(temp.dir, 'label-studio');
    await ok(['init', run, ...CONVABUSE_INIT]);
    await ok(['prelabel', run, '--quiet']);
    const selected = JSON.parse((await ok(['select', run, '--format', 'label-studio', '--json'])).stdout) as {
      items: string[];
      files: string[];
    };
    const tasks = JSON.parse(readFileSync(join(run, 'review', 'iteration-1.label-studio.json'), 'utf8')) as {
      data: { item: string; text: string };
    }[];
    expect(tasks.map((task) => task.data.item)).toEqual(selected.items);
    expect(readFileSync(join(run, 'review', 'label-studio.xml'), 'utf8')).toContain(
      '<Choice value="abusive"/>',
    );
    // select again before labels arrive: the same batch, no new selection.
    const again = JSON.parse((await ok(['select', run, '--json'])).stdout) as {
      items: string[];
      alreadySelected: boolean;
    };
    expect(again).toMatchObject({ items: selected.items, alreadySelected: true });
  });
});
