import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT_USER } from '../src/exit-codes';
import { convabuseLabels } from './fixtures';
import { type CliResult, cliIn, recordedLabelsFor, tempDir } from './helpers';

const temp = tempDir('borderline-messages-');
const { call, ok } = cliIn(temp.dir);
const INIT = [
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
];
let step: CliResult;
let prelabel: CliResult;

beforeAll(async () => {
  await ok(['init', 'runs/abuse', ...INIT]);
  prelabel = await ok(['prelabel', 'runs/abuse', '--chunk-size', '100']);
  await ok(['select', 'runs/abuse']);
  const ids = new Set(
    readFileSync(join(temp.dir, 'runs/abuse/review/iteration-1.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).item as string),
  );
  recordedLabelsFor(convabuseLabels(), ids, join(temp.dir, 'labels-1.jsonl'));
  await ok(['import', 'runs/abuse', 'labels-1.jsonl']);
  step = await ok(['step', 'runs/abuse']);
});

describe('messages a person can act on', () => {
  it('hints name the real run path and no internal state (regression: "<run-dir>", waiting for "score")', async () => {
    expect(prelabel.stdout).toContain('next: borderline select runs/abuse');
    expect(step.stdout).toContain('next: borderline select runs/abuse');
    await ok(['init', 'runs/fresh', ...INIT]);
    const early = await call(['select', 'runs/fresh']);
    expect(early.code).toBe(EXIT_USER);
    expect(early.stderr).toContain('next: borderline prelabel runs/fresh');
    expect(early.stderr).not.toMatch(/waiting for "\w+"/);
    const stepEarly = await call(['step', 'runs/fresh']);
    expect(stepEarly.stderr).toContain('borderline prelabel runs/fresh');
    const status = await ok(['status', 'runs/fresh']);
    expect(status.stdout).toContain('next: borderline prelabel runs/fresh');
    for (const result of [prelabel, step, early, stepEarly, status]) {
      expect(result.stdout + result.stderr).not.toContain('<run-dir>');
    }
  });

  it('status explains its terms in a line each (regression: LLM-0, internal alignment, audit set unexplained)', async () => {
    const status = (await ok(['status', 'runs/abuse'])).stdout;
    for (const term of ['LLM-0', 'internal alignment', 'audit', 'large/small', 'why kappas move']) {
      expect(status).toContain(term);
    }
    expect(status).toContain('next: borderline select runs/abuse');
  });

  it('says how many items tied and were left out of the split (regression: 97 of 100 shown, silently)', async () => {
    const json = JSON.parse((await ok(['status', 'runs/abuse', '--json'])).stdout);
    const last = json.iterations.at(-1);
    expect(last.ties).toBeGreaterThan(0);
    expect(step.stdout).toContain(`${last.ties} labelled item(s) so far are ties`);
    expect((await ok(['status', 'runs/abuse'])).stdout).toMatch(/\bties\b/);
  });

  it('rejects --budget smaller than --batch-size (regression: --budget 50 --batch-size 100 accepted silently)', async () => {
    const result = await call([
      'init',
      'runs/budget',
      '--dataset',
      'convabuse',
      '--limit',
      '300',
      '--budget',
      '50',
      '--batch-size',
      '100',
    ]);
    expect(result.code).toBe(EXIT_USER);
    expect(result.stderr).toContain('--batch-size 100 is larger than --budget 50');
  });

  it('progress counts never go backwards, and an early stop is said (regression: training 60/300 then 57/300)', async () => {
    const counts = new Map<string, number>();
    for (const line of step.stderr.split('\n')) {
      const match = /^([a-z][a-z ()-]*?): (\d+)\/(\d+) \(/.exec(line);
      if (match === null) continue;
      const [, label = '', done = '0'] = match;
      expect(Number(done)).toBeGreaterThanOrEqual(counts.get(label) ?? 0);
      counts.set(label, Number(done));
    }
    expect(counts.size).toBeGreaterThan(0);
    if ([...counts.keys()].includes('training (final fit on every example)')) {
      expect(step.stderr).toContain('training stopped early at epoch');
      expect(step.stderr).toContain('final fit on every example:');
    }
  });
});
